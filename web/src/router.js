// router.js: paths in the address bar (history API) to views. A view is
// async (params, query) => Node; links with data-link, or any same-origin
// <a href="/..."> inside the app, navigate without reloading.
const routes = [];
let render = null;
let current = null;

export function route(pattern, view, options = {}) {
	const names = [];
	const re = new RegExp(`^${pattern.replace(/:(\w+)/g, (m, n) => {
		names.push(n);
		return '([^/]+)';
	})}/?$`);
	routes.push({ re, names, view, options });
}

export function setRenderer(fn) {
	render = fn;
}

export function currentPath() {
	return location.pathname;
}

export function navigate(path, { replace = false } = {}) {
	if (replace) history.replaceState(null, '', path);
	else history.pushState(null, '', path);
	return dispatch();
}

export function refresh() {
	return dispatch();
}

export async function dispatch() {
	const path = location.pathname;
	const query = Object.fromEntries(new URLSearchParams(location.search));
	for (const r of routes) {
		const m = r.re.exec(path);
		if (!m) continue;
		const params = {};
		r.names.forEach((n, i) => {
			params[n] = decodeURIComponent(m[i + 1]);
		});
		current = { route: r, params, query, path };
		return render(r, params, query);
	}
	current = null;
	return render(null, {}, query);
}

export function startRouter() {
	window.addEventListener('popstate', () => dispatch());
	document.addEventListener('click', (e) => {
		if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
		const a = e.target.closest('a');
		if (!a || a.target || a.hasAttribute('download')) return;
		const href = a.getAttribute('href');
		if (!href || !href.startsWith('/') || href.startsWith('/api/')) return;
		e.preventDefault();
		navigate(href);
	});
	return dispatch();
}

export function getCurrent() {
	return current;
}
