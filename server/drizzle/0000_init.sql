CREATE TABLE `admin_keys` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`key_hmac` text NOT NULL,
	`scopes` text NOT NULL,
	`created_at` integer NOT NULL,
	`last_used_at` integer,
	`revoked_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `admin_keys_key_hmac_unique` ON `admin_keys` (`key_hmac`);--> statement-breakpoint
CREATE TABLE `audit_events` (
	`seq` integer PRIMARY KEY NOT NULL,
	`time` text NOT NULL,
	`type` text NOT NULL,
	`actor` text,
	`user_email` text,
	`user_id` text,
	`ticket_id` text,
	`correlation_id` text,
	`outcome` text NOT NULL,
	`reason` text,
	`request_id` text,
	`source_ip` text,
	`user_agent` text,
	`details` text NOT NULL,
	`prev_hash` text NOT NULL,
	`hash` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `audit_ticket_idx` ON `audit_events` (`ticket_id`);--> statement-breakpoint
CREATE INDEX `audit_type_idx` ON `audit_events` (`type`);--> statement-breakpoint
CREATE INDEX `audit_user_email_idx` ON `audit_events` (`user_email`);--> statement-breakpoint
CREATE INDEX `audit_user_id_idx` ON `audit_events` (`user_id`);--> statement-breakpoint
CREATE INDEX `audit_time_idx` ON `audit_events` (`time`);--> statement-breakpoint
CREATE TABLE `proof_ids` (
	`jti` text PRIMARY KEY NOT NULL,
	`expires_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `proof_ids_expires_idx` ON `proof_ids` (`expires_at`);--> statement-breakpoint
CREATE TABLE `tickets` (
	`id` text PRIMARY KEY NOT NULL,
	`secret_hmac` text NOT NULL,
	`kind` text NOT NULL,
	`owner_iss` text,
	`owner_sub` text,
	`owner_email` text,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`redeemed_at` integer,
	`revoked_at` integer,
	`revoke_reason` text,
	`jkt` text,
	`device` text,
	`correlation_id` text NOT NULL,
	`mode` text,
	`platform` text,
	`result_status` text,
	`result_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `tickets_secret_hmac_unique` ON `tickets` (`secret_hmac`);--> statement-breakpoint
CREATE INDEX `tickets_owner_idx` ON `tickets` (`owner_iss`,`owner_sub`);--> statement-breakpoint
CREATE INDEX `tickets_email_idx` ON `tickets` (`owner_email`);