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

// Euros typed by a person to cents, or null: "1250000", "1250000,50",
// "1.250.000,50" (Dutch), "1,250,000.50" (English), "€ 12,5". Thousands
// separators must make groups of three.
export function parseEuros(text) {
	const s = String(text ?? '').trim().replace(/[€\s]/g, '');
	let m;
	let whole;
	let frac = '';
	if ((m = /^(-?\d+)(?:[.,](\d{1,2}))?$/.exec(s))) {
		[, whole, frac = ''] = m;
	} else if ((m = /^(-?\d{1,3}(?:\.\d{3})+)(?:,(\d{1,2}))?$/.exec(s))) {
		whole = m[1].replace(/\./g, '');
		frac = m[2] || '';
	} else if ((m = /^(-?\d{1,3}(?:,\d{3})+)(?:\.(\d{1,2}))?$/.exec(s))) {
		whole = m[1].replace(/,/g, '');
		frac = m[2] || '';
	} else {
		return null;
	}
	const neg = whole.startsWith('-');
	const cents = Number(whole.replace('-', '')) * 100 + Number((frac + '00').slice(0, 2));
	if (!Number.isSafeInteger(cents)) return null;
	return neg ? -cents : cents;
}

export function centsToInput(cents) {
	if (cents === null || cents === undefined) return '';
	const w = Math.trunc(cents / 100);
	const c = String(Math.abs(cents % 100)).padStart(2, '0');
	return `${w},${c}`;
}
