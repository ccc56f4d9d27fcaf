// session.js: who is signed in, and what the UI offers them. The server
// decides every permission (docs/security.md); this copy of the matrix only
// decides which links and buttons to show.
import { api, get, setCsrf } from './api.js';

const FLAG = 'sroi.signed_in'; // set while a session may exist, so that a
// fresh visitor does not ask GET /session and get a 401 for nothing

const matrix = {
	administrator: ['reports:read', 'contracts:read', 'openings:read', 'realisations:read', 'plans:read',
		'suppliers:read', 'audit:read', 'users:read', 'users:write', 'tokens:read', 'tokens:write',
		'policies:write', 'organisations:write'],
	consultant: ['reports:read', 'contracts:read', 'contracts:write', 'openings:read', 'openings:write',
		'realisations:read', 'realisations:report', 'realisations:verify', 'plans:read', 'plans:write',
		'plans:agree', 'candidates:read', 'candidates:write', 'identity:read', 'identity:write',
		'followups:read', 'followups:write', 'suppliers:read', 'suppliers:write', 'audit:read',
		'matching:read', 'matching:run', 'proposals:read', 'proposals:write', 'proposals:answer'],
	buyer: ['reports:read', 'contracts:read', 'contracts:write', 'openings:read', 'realisations:read',
		'plans:read', 'suppliers:read', 'suppliers:write'],
	jobcoach: ['contracts:read', 'openings:read', 'openings:write', 'realisations:read', 'candidates:read',
		'candidates:write', 'identity:read', 'identity:write', 'followups:read', 'followups:write',
		'suppliers:read', 'matching:read', 'proposals:read', 'proposals:write'],
	supplier: ['contracts:read', 'openings:read', 'openings:write', 'realisations:read', 'realisations:report',
		'plans:read', 'plans:write', 'suppliers:read', 'proposals:read', 'proposals:answer'],
	auditor: ['reports:read', 'contracts:read', 'openings:read', 'realisations:read', 'plans:read',
		'candidates:read', 'followups:read', 'suppliers:read', 'audit:read', 'matching:read', 'proposals:read'],
};

export const session = { user: null };

export function can(permission) {
	const u = session.user;
	if (!u) return false;
	if (u.organisation === '*') return true;
	return (matrix[u.role] || []).includes(permission);
}

export function role() {
	return session.user ? session.user.role : null;
}

function remember(on) {
	try {
		if (on) localStorage.setItem(FLAG, '1');
		else localStorage.removeItem(FLAG);
	} catch {
		/* ignore */
	}
}

function mayHaveSession() {
	try {
		return localStorage.getItem(FLAG) === '1';
	} catch {
		return true;
	}
}

export async function restore() {
	if (!mayHaveSession()) return null;
	try {
		const s = await get('/session');
		if (!s.user) return null;
		session.user = s.user;
		setCsrf(s.csrf_token);
		return s.user;
	} catch {
		remember(false);
		return null;
	}
}

export async function login(email, password, totp) {
	const body = { email, password };
	if (totp) body.totp = totp;
	const s = await api('POST', '/session', { body });
	session.user = s.user;
	setCsrf(s.csrf_token);
	remember(true);
	return s.user;
}

export async function logout() {
	try {
		await api('DELETE', '/session');
	} finally {
		forget();
	}
}

export function forget() {
	session.user = null;
	setCsrf(null);
	remember(false);
}

export function homePath() {
	switch (role()) {
	case 'supplier':
		return '/portal';
	case 'administrator':
		return '/admin';
	case 'auditor':
		return '/dashboard';
	default:
		return '/inbox';
	}
}
