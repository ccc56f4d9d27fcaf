// table.js: a table that pages through a list with the API's cursors
// (never loading the whole set), sorts by the columns the API can sort on,
// and re-reads when its filters change.
import { h, replace } from '../dom.js';
import { t } from '../i18n/index.js';
import { empty, errorBox, loading } from './widgets.js';

// columns: [{key, label, render(item) => Node|string, sort: 'api_field', numeric}]
// fetchPage({cursor, sort, limit}) => {items, next_cursor}
// afterRender(items, rows) may fill cells asynchronously (progress bars).
export function pagedTable({ columns, fetchPage, caption, pageSize = 25, defaultSort = '', rowHref, testid, emptyText, afterRender }) {
	const state = { cursors: [null], page: 0, sort: defaultSort, next: null };
	const body = h('div.table-body');
	const pager = h('nav.pager', { 'aria-label': t('table.pages') });
	const el = h('div.table-wrap', { 'data-testid': testid }, body, pager);

	function header() {
		return h('thead', h('tr', columns.map((c) => {
			if (!c.sort) return h(`th${c.numeric ? '.num' : ''}`, { scope: 'col' }, c.label);
			const active = state.sort === c.sort || state.sort === `-${c.sort}`;
			const desc = state.sort === `-${c.sort}`;
			return h(`th${c.numeric ? '.num' : ''}`, { scope: 'col', 'aria-sort': active ? (desc ? 'descending' : 'ascending') : 'none' },
				h('button.sort', {
					type: 'button',
					onclick: () => {
						state.sort = active && !desc ? `-${c.sort}` : c.sort;
						reload();
					},
				}, c.label, h('span.sort-icon', { 'aria-hidden': 'true' }, active ? (desc ? '▼' : '▲') : '↕')));
		})));
	}

	async function load() {
		replace(body, loading());
		let page;
		try {
			page = await fetchPage({ cursor: state.cursors[state.page], sort: state.sort, limit: pageSize });
		} catch (err) {
			replace(body, errorBox(err));
			replace(pager);
			return;
		}
		state.next = page.next_cursor;
		if (!page.items.length && state.page === 0) {
			replace(body, empty(emptyText || t('table.empty')));
			replace(pager);
			return;
		}
		const rows = page.items.map((item) => {
			const tr = h('tr', columns.map((c, i) => {
				const content = c.render ? c.render(item) : item[c.key];
				const cell = h(i === 0 ? 'th' : 'td', { scope: i === 0 ? 'row' : undefined, class: c.numeric ? 'num' : undefined, 'data-label': c.label }, content ?? '–');
				return cell;
			}));
			if (rowHref) tr.classList.add('row-link');
			if (rowHref) tr.addEventListener('click', (e) => {
				if (e.target.closest('a, button, input, select')) return;
				const a = tr.querySelector('a[href]');
				if (a) a.click();
			});
			return tr;
		});
		replace(body, h('table.table', caption ? h('caption.sr-only', caption) : null, header(), h('tbody', rows)));
		if (afterRender) afterRender(page.items, rows);
		const prev = h('button.btn.btn-secondary', { type: 'button', disabled: state.page === 0, onclick: () => go(-1) }, `← ${t('table.previous')}`);
		const next = h('button.btn.btn-secondary', { type: 'button', disabled: !state.next, onclick: () => go(1), 'data-testid': testid ? `${testid}-next` : undefined }, `${t('table.next')} →`);
		replace(pager, prev, h('span.pager-info', t('table.page', { n: state.page + 1 })), next);
	}

	function go(delta) {
		if (delta > 0) {
			if (!state.next) return;
			state.cursors[state.page + 1] = state.next;
		}
		state.page = Math.max(0, state.page + delta);
		load();
	}

	function reload() {
		state.cursors = [null];
		state.page = 0;
		load();
	}

	load();
	return { el, reload };
}

// A plain table for small sets already in memory.
export function simpleTable(columns, items, { caption, emptyText, testid } = {}) {
	if (!items.length) return empty(emptyText || t('table.empty'));
	return h('div.table-wrap', { 'data-testid': testid }, h('table.table', caption ? h('caption.sr-only', caption) : null,
		h('thead', h('tr', columns.map((c) => h(`th${c.numeric ? '.num' : ''}`, { scope: 'col' }, c.label)))),
		h('tbody', items.map((item) => h('tr', columns.map((c, i) => h(i === 0 ? 'th' : 'td', { scope: i === 0 ? 'row' : undefined, class: c.numeric ? 'num' : undefined, 'data-label': c.label }, (c.render ? c.render(item) : item[c.key]) ?? '–')))))));
}
