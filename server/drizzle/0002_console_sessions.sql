CREATE TABLE `console_logins` (
	`state_hmac` text PRIMARY KEY NOT NULL,
	`expires_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `console_logins_expires_idx` ON `console_logins` (`expires_at`);--> statement-breakpoint
CREATE TABLE `console_sessions` (
	`id_hmac` text PRIMARY KEY NOT NULL,
	`actor` text NOT NULL,
	`user_email` text,
	`user_id` text NOT NULL,
	`created_at` integer NOT NULL,
	`last_seen_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `console_sessions_created_idx` ON `console_sessions` (`created_at`);