// names.js: names for ids (suppliers, contracts), fetched once per id and
// kept for the session, so that lists show names rather than numbers.
import { get } from './api.js';
import { t } from './i18n/index.js';
import { h } from './dom.js';

const cache = { suppliers: new Map(), contracts: new Map() };

function load(kind, id) {
	if (id === null || id === undefined) return Promise.resolve(null);
	const map = cache[kind];
	if (!map.has(id)) map.set(id, get(`/${kind}/${id}`).catch(() => null));
	return map.get(id);
}

export function supplier(id) {
	return load('suppliers', id);
}

export function contract(id) {
	return load('contracts', id);
}

export function remember(kind, record) {
	if (record && record.id) cache[kind].set(record.id, Promise.resolve(record));
}

export function forgetAll() {
	cache.suppliers.clear();
	cache.contracts.clear();
}

// A span filled with the supplier's name when it arrives.
export function supplierName(id, { link = false } = {}) {
	if (id === null || id === undefined) return h('span.muted', t('common.none'));
	const span = h('span.lazy-name', `#${id}`);
	supplier(id).then((s) => {
		if (s) span.textContent = s.name;
	});
	return span;
}

export function contractName(id, { link = true } = {}) {
	if (id === null || id === undefined) return h('span.muted', t('common.none'));
	const el = link ? h('a', { href: `/contracts/${id}` }, `#${id}`) : h('span', `#${id}`);
	contract(id).then((c) => {
		if (c) el.textContent = c.reference;
	});
	return el;
}

export function candidateLabel(id) {
	if (id === null || id === undefined) return h('span.muted', t('common.none'));
	return h('span.pseudonym', t('candidate.pseudonym', { id }));
}
