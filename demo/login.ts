/**
 * The demo's editor login. n8n asks for an owner account before anything else; the demo creates this one
 * itself on the first start (POST /rest/owner/setup), so a new user only has to sign in.
 * Demo only: the password is public and the editor listens on 127.0.0.1.
 */
export const DEMO_LOGIN = {
	email: 'demo@nl-accountancy.example',
	password: 'Demo-n8n-2026!',
	firstName: 'Demo',
	lastName: 'Accountant',
} as const;

/** A fixed key, so the imported demo credentials stay readable across restarts (n8n encrypts them with it). */
export const DEMO_ENCRYPTION_KEY = 'nl-accountancy-demo-key-not-for-production';
