// api.js: the one way the UI talks to sroi: the public JSON API under
// /api/v1. Sends the CSRF token on every state-changing request and turns
// an error answer into an ApiError with the API's code, message and field.

const BASE = '/api/v1';
let csrfToken = null;
let onUnauthorised = () => {};

export function setCsrf(token) {
	csrfToken = token;
}

export function setUnauthorisedHandler(fn) {
	onUnauthorised = fn;
}

export class ApiError extends Error {
	constructor(status, body) {
		const e = (body && body.error) || {};
		super(e.message || `HTTP ${status}`);
		this.status = status;
		this.code = e.code || 'http_error';
		this.field = e.field || '';
		this.problems = e.problems || null;
	}
}

function queryString(query) {
	if (!query) return '';
	const p = new URLSearchParams();
	for (const [k, v] of Object.entries(query)) {
		if (v === undefined || v === null || v === '') continue;
		p.set(k, String(v));
	}
	const s = p.toString();
	return s ? `?${s}` : '';
}

// api('GET', '/contracts', {query: {limit: 25}}); api('POST', '/x', {body: {...}});
// {raw: Blob|File} sends a file as the request body.
export async function api(method, path, { query, body, raw } = {}) {
	const headers = { Accept: 'application/json' };
	if (method !== 'GET' && method !== 'HEAD' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
	let payload;
	if (raw !== undefined) {
		payload = raw;
		headers['Content-Type'] = raw.type || 'application/octet-stream';
	} else if (body !== undefined) {
		payload = JSON.stringify(body);
		headers['Content-Type'] = 'application/json';
	}
	busy(1);
	let res;
	let data = null;
	try {
		res = await fetch(BASE + path + queryString(query), {
			method,
			headers,
			body: payload,
			credentials: 'same-origin',
		});
		const type = res.headers.get('Content-Type') || '';
		if (res.status !== 204 && type.includes('json')) data = await res.json();
	} finally {
		busy(-1);
	}
	if (!res.ok) {
		const err = new ApiError(res.status, data);
		if (res.status === 401 && path !== '/session') onUnauthorised(err);
		throw err;
	}
	return data;
}

// How many requests are under way, on <html data-busy>: tests (and anyone
// curious) can tell when a screen has finished loading.
let inflight = 0;
export function busy(delta) {
	inflight += delta;
	document.documentElement.dataset.busy = String(inflight);
}

export const get = (path, query) => api('GET', path, { query });
export const post = (path, body, query) => api('POST', path, { body, query });
export const patch = (path, body) => api('PATCH', path, { body });
export const put = (path, body) => api('PUT', path, { body });
export const del = (path) => api('DELETE', path);

// Every page of a list, up to `max` records (for small reference lists).
export async function getAll(path, query = {}, max = 2000) {
	const items = [];
	let cursor = null;
	do {
		const page = await get(path, { ...query, limit: 500, cursor });
		items.push(...page.items);
		cursor = page.next_cursor;
	} while (cursor && items.length < max);
	return items;
}

// How many records a filter matches, counted up to `cap` (shown as "cap+").
export async function countUpTo(path, query = {}, cap = 100) {
	const page = await get(path, { ...query, limit: cap });
	return { count: page.items.length, more: Boolean(page.next_cursor), items: page.items };
}
