// validate.js: the same rules the API applies (src/domain/validate.c), so
// that a form can say what is wrong while the user types. Each check takes
// the raw input and answers null (fine) or the i18n key of the problem.
// The API stays the judge: its error is shown beside the field as well.

export function postcode(value) {
	const compact = String(value ?? '').trim().replace(/^(\d{4}) /, '$1');
	if (!/^[1-9]\d{3}[A-Za-z]{2}$/.test(compact)) return 'val.postcode';
	const letters = compact.slice(4).toUpperCase();
	if (letters === 'SA' || letters === 'SD' || letters === 'SS') return 'val.postcode_letters';
	return null;
}

export function normalisePostcode(value) {
	const compact = String(value ?? '').trim().replace(/\s+/g, '');
	if (compact.length !== 6) return String(value ?? '').trim();
	return `${compact.slice(0, 4)} ${compact.slice(4).toUpperCase()}`;
}

export function kvk(value) {
	return /^\d{8}$/.test(String(value ?? '').trim()) ? null : 'val.kvk';
}

// BSN: 9 digits (8 with a leading zero added), eleven-test, not all zero.
export function bsn(value) {
	let s = String(value ?? '').trim();
	if (!/^\d{8,9}$/.test(s)) return 'val.bsn_digits';
	if (s.length === 8) s = `0${s}`;
	let sum = 0;
	for (let i = 0; i < 8; i++) sum += (9 - i) * Number(s[i]);
	sum -= Number(s[8]);
	if (sum % 11 !== 0 || sum === 0) return 'val.bsn_eleven';
	return null;
}

// CPV: 8 digits, optionally "-D"; the check digit itself is checked by the API.
export function cpv(value) {
	return /^\d{8}(-\d)?$/.test(String(value ?? '').trim()) ? null : 'val.cpv';
}

export function esco(value) {
	return /^\d{4}(\.\d+)*$/.test(String(value ?? '').trim()) ? null : 'val.esco';
}

export function isoDate(value) {
	const s = String(value ?? '').trim();
	const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
	if (!m) return 'val.date';
	const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
	const dt = new Date(Date.UTC(y, mo - 1, d));
	if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== mo - 1 || dt.getUTCDate() !== d) return 'val.date';
	return null;
}

export function month(value) {
	return /^\d{4}-(0[1-9]|1[0-2])$/.test(String(value ?? '').trim()) ? null : 'val.month';
}

export function dateRange(start, end) {
	if (isoDate(start) || isoDate(end)) return null;
	return end < start ? 'val.date_range' : null;
}

// Hours with at most two decimals, 0..max.
export function hours(value, max = 60) {
	const s = String(value ?? '').trim().replace(',', '.');
	if (!/^\d+(\.\d{1,2})?$/.test(s)) return 'val.hours';
	const n = Number(s);
	if (n <= 0 || n > max) return 'val.hours';
	return null;
}

export function wholeNumber(value, min = 0, max = Number.MAX_SAFE_INTEGER) {
	const s = String(value ?? '').trim();
	if (!/^\d+$/.test(s)) return 'val.whole';
	const n = Number(s);
	return n < min || n > max ? 'val.range' : null;
}

export function percentage(value) {
	const s = String(value ?? '').trim().replace(',', '.');
	if (!/^\d+(\.\d{1,2})?$/.test(s) || Number(s) > 100) return 'val.percentage';
	return null;
}

export function required(value) {
	return String(value ?? '').trim() === '' ? 'val.required' : null;
}

export function email(value) {
	return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(String(value ?? '').trim()) ? null : 'val.email';
}
