// main.js: the web UI of sroi: start-up, the routes, and the frame.
import { h } from './dom.js';
import { t, getLang, setLang } from './i18n/index.js';
import { route, setRenderer, startRouter, navigate } from './router.js';
import { session, restore, forget, homePath } from './session.js';
import { setUnauthorisedHandler } from './api.js';
import { mount, renderHeader, setMain } from './ui/layout.js';
import { errorBox, loading } from './ui/widgets.js';
import { forgetAll } from './names.js';

import { loginView } from './views/login.js';
import { inboxView } from './views/inbox.js';
import { dashboardView } from './views/dashboard.js';
import { contractsView, contractNewView } from './views/contracts.js';
import { contractView } from './views/contract.js';
import { openingsView, openingNewView, openingView } from './views/openings.js';
import { matchingView, runView } from './views/matching.js';
import { candidatesView, candidateView, candidateNewView, followUpsView } from './views/candidates.js';
import { portalView, blocksView, reportsView, reportNewView } from './views/portal.js';
import { policiesView, policyView } from './views/policies.js';
import { adminView } from './views/admin.js';

route('/login', loginView, { public: true });
route('/inbox', inboxView);
route('/dashboard', dashboardView);
route('/contracts', contractsView);
route('/contracts/new', contractNewView);
route('/contracts/:id', contractView);
route('/openings', openingsView);
route('/openings/new', openingNewView);
route('/openings/:id', openingView);
route('/matching', matchingView);
route('/matching/runs/:id', runView);
route('/candidates', candidatesView);
route('/candidates/new', candidateNewView);
route('/candidates/:id', candidateView);
route('/follow-ups', followUpsView);
route('/portal', portalView);
route('/portal/blocks', blocksView);
route('/portal/reports', reportsView);
route('/portal/report', reportNewView);
route('/policies', policiesView);
route('/policies/:id', policyView);
route('/admin', adminView);

function notFound() {
	return h('div.page', h('h1', { tabindex: '-1' }, t('error.page_not_found')), h('p', h('a', { href: '/' }, t('common.home'))));
}

let renderSeq = 0;
setRenderer(async (r, params, query) => {
	const seq = ++renderSeq;
	if (!session.user && !(r && r.options.public)) {
		const next = location.pathname + location.search;
		return navigate(next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`, { replace: true });
	}
	if (location.pathname === '/' && session.user) return navigate(homePath(), { replace: true });
	renderHeader();
	if (!r) return setMain(notFound(), { title: t('error.page_not_found') });
	setMain(h('div.page', loading()));
	let node;
	try {
		node = await r.view(params, query);
	} catch (err) {
		if (err && err.status === 401) return undefined;
		console.warn('view failed', err); // eslint-disable-line no-console
		node = h('div.page', h('h1', { tabindex: '-1' }, t('error.title')), errorBox(err));
	}
	if (seq !== renderSeq) return undefined; // a later navigation won
	const title = node.querySelector?.('h1')?.textContent;
	setMain(node, { title });
	return undefined;
});

setUnauthorisedHandler(() => {
	if (!session.user) return;
	forget();
	forgetAll();
	navigate(`/login?expired=1&next=${encodeURIComponent(location.pathname)}`, { replace: true });
});

async function boot() {
	setLang(getLang());
	mount();
	await restore();
	await startRouter();
}

boot();
