// charts.js: the few chart kinds the dashboards use, on Chart.js, in the
// product's palette. Each chart also gets a text alternative (a table for
// screen readers), since a canvas says nothing by itself.
import {
	Chart, BarController, BarElement, LineController, LineElement, PointElement,
	DoughnutController, ArcElement, CategoryScale, LinearScale, Legend, Tooltip, Filler,
} from 'chart.js';
import { h } from '../dom.js';
import { locale } from '../i18n/index.js';
import { busy } from '../api.js';

Chart.register(BarController, BarElement, LineController, LineElement, PointElement,
	DoughnutController, ArcElement, CategoryScale, LinearScale, Legend, Tooltip, Filler);

export const palette = {
	primary: '#0b5c63',
	accepted: '#1f7a4d',
	pending: '#e0a526',
	rejected: '#b3261e',
	obligation: '#5b6b7a',
	series: ['#0b5c63', '#2e86ab', '#e0a526', '#1f7a4d', '#8e5cc4', '#d1495b', '#5b6b7a', '#66a182', '#edae49', '#00798c'],
};

Chart.defaults.font.family = getComputedStyle(document.documentElement).getPropertyValue('--font').trim() || 'system-ui, sans-serif';
Chart.defaults.color = '#33414e';
Chart.defaults.animation = false; // steady screenshots, and calmer for everyone

// chartBox(title, config, altRows: [[label, value]...]) => Node
export function chartBox(title, config, alt, { testid, height = 260 } = {}) {
	const canvas = h('canvas', { role: 'img', 'aria-label': title });
	const box = h('div.chart', { 'data-testid': testid }, canvas);
	box.style.height = `${height}px`;
	const table = alt && alt.length
		? h('table.sr-only', h('caption', title), h('tbody', alt.map(([k, v]) => h('tr', h('th', { scope: 'row' }, k), h('td', v)))))
		: null;
	const wrap = h('figure.chart-figure', box, table);
	// Charts need a laid-out canvas: build after insertion (counted as busy
	// until drawn).
	busy(1);
	requestAnimationFrame(() => {
		busy(-1);
		config.options = { responsive: true, maintainAspectRatio: false, locale: locale(), ...config.options };
		const chart = new Chart(canvas, config);
		wrap.chart = chart;
	});
	return wrap;
}

export function euroAxis(formatter) {
	return { ticks: { callback: (v) => formatter(v * 100) }, grid: { color: '#e6eaee' } };
}
