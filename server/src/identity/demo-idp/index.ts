export { startDemoIdp, DEMO_CLIENT_ID } from './start-demo-idp.js';
export type { DemoIdp, DemoIdpOptions, SignIdTokenInput } from './start-demo-idp.js';
export type { DemoClient } from './configuration.js';
export {
  DEMO_USERS,
  DEMO_PASSWORD,
  DEMO_ENROLLERS_GROUP,
  DEMO_ADMIN_GROUP,
  type DemoUser,
} from './users.js';
export {
  authorizationUrl,
  authorizeAtDemoIdp,
  approveDeviceAtDemoIdp,
  type AuthorizationRequest,
  type SignInAnswer,
} from './demo-sign-in.js';
export { pkcePair, IdpBrowser, parseForm } from './sign-in-driver.js';
