// format.js: money (integer cents), percentages, dates and numbers in the
// user's language. Money stays integer cents until it is shown.
import { locale, t } from './i18n/index.js';

export function money(cents, { whole = false } = {}) {
	if (cents === null || cents === undefined) return '–';
	const f = new Intl.NumberFormat(locale(), {
		style: 'currency',
		currency: 'EUR',
		minimumFractionDigits: whole ? 0 : 2,
		maximumFractionDigits: whole ? 0 : 2,
	});
	return f.format(Number(cents) / 100);
}

// Short money for charts and cards: € 1,2 mln.
export function moneyShort(cents) {
	if (cents === null || cents === undefined) return '–';
	const euros = Number(cents) / 100;
	if (Math.abs(euros) >= 1e6)
		return `€ ${new Intl.NumberFormat(locale(), { maximumFractionDigits: 1 }).format(euros / 1e6)} ${t('fmt.million')}`;
	if (Math.abs(euros) >= 1e4)
		return `€ ${new Intl.NumberFormat(locale(), { maximumFractionDigits: 0 }).format(euros / 1e3)}k`;
	return money(cents, { whole: true });
}

export function pct(value, digits = 1) {
	if (value === null || value === undefined || Number.isNaN(value)) return '–';
	return `${new Intl.NumberFormat(locale(), { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value)}%`;
}

export function num(value, digits = 0) {
	if (value === null || value === undefined) return '–';
	return new Intl.NumberFormat(locale(), { maximumFractionDigits: digits }).format(value);
}

// ISO date (YYYY-MM-DD) as 3 mrt. 2026 / 3 Mar 2026.
export function date(iso) {
	if (!iso) return '–';
	const [y, m, d] = iso.slice(0, 10).split('-').map(Number);
	if (!y || !m || !d) return iso;
	return new Intl.DateTimeFormat(locale(), { day: 'numeric', month: 'short', year: 'numeric' })
		.format(new Date(Date.UTC(y, m - 1, d)));
}

export function dateTime(iso) {
	if (!iso) return '–';
	const d = new Date(iso);
	if (Number.isNaN(d.getTime())) return iso;
	return new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeStyle: 'short' }).format(d);
}

export function today() {
	const d = new Date();
	const p = (n) => String(n).padStart(2, '0');
	return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

export function addDays(iso, days) {
	const [y, m, d] = iso.split('-').map(Number);
	const x = new Date(Date.UTC(y, m - 1, d + days));
	return x.toISOString().slice(0, 10);
}

// Euros typed by a person ("1.234,56", "1234.56", "€ 1 234") to cents, or null.
export function parseEuros(text) {
	let s = String(text ?? '').trim().replace(/[€\s]/g, '');
	if (!s) return null;
	if (!/^-?[0-9.,]+$/.test(s)) return null;
	const lastComma = s.lastIndexOf(',');
	const lastDot = s.lastIndexOf('.');
	let decimalSep = null;
	if (lastComma >= 0 && lastDot >= 0) decimalSep = lastComma > lastDot ? ',' : '.';
	else if (lastComma >= 0) decimalSep = s.length - lastComma - 1 <= 2 ? ',' : null;
	else if (lastDot >= 0) decimalSep = s.length - lastDot - 1 <= 2 && (s.match(/\./g) || []).length === 1 ? '.' : null;
	let whole = s;
	let frac = '';
	if (decimalSep) {
		const i = s.lastIndexOf(decimalSep);
		whole = s.slice(0, i);
		frac = s.slice(i + 1);
	}
	whole = whole.replace(/[.,]/g, '');
	if (!/^-?\d*$/.test(whole) || !/^\d{0,2}$/.test(frac)) return null;
	const neg = whole.startsWith('-');
	const w = Number(whole.replace('-', '') || '0');
	const c = Number((frac + '00').slice(0, 2));
	const cents = w * 100 + c;
	if (!Number.isSafeInteger(cents)) return null;
	return neg ? -cents : cents;
}

export function centsToInput(cents) {
	if (cents === null || cents === undefined) return '';
	const w = Math.trunc(cents / 100);
	const c = String(Math.abs(cents % 100)).padStart(2, '0');
	return `${w},${c}`;
}
