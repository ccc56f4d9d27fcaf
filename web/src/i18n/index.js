// i18n/index.js: every string the UI shows goes through t(). Dutch is the
// default; the choice is kept in localStorage.
import nl from './nl.js';
import en from './en.js';

export const tables = { nl, en };
const STORAGE_KEY = 'sroi.lang';
let lang = 'nl';
try {
	const saved = localStorage.getItem(STORAGE_KEY);
	if (saved && tables[saved]) lang = saved;
} catch {
	/* storage may be unavailable: stay Dutch */
}

export function getLang() {
	return lang;
}

export function setLang(l) {
	if (!tables[l]) return;
	lang = l;
	try {
		localStorage.setItem(STORAGE_KEY, l);
	} catch {
		/* ignore */
	}
	document.documentElement.lang = l;
}

// t('key', {name: 'x'}) with {name} placeholders; a missing key shows
// itself, so that it is noticed (and the key test catches it).
export function t(key, params) {
	let s = tables[lang][key] ?? tables.nl[key] ?? key;
	if (params) s = s.replace(/\{(\w+)\}/g, (m, k) => (k in params ? String(params[k]) : m));
	return s;
}

// A label for an enum value: t('enum.status.draft'), falling back to the raw value.
export function tv(group, value) {
	if (value === null || value === undefined || value === '') return '';
	const key = `${group}.${value}`;
	return tables[lang][key] ?? tables.nl[key] ?? String(value);
}

export function locale() {
	return lang === 'nl' ? 'nl-NL' : 'en-GB';
}
