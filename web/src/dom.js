// dom.js: building elements without innerHTML, so that no text from the API
// is ever parsed as markup.

// h('a#id.button.primary', {href: '/x', onclick}, 'text', child, [more]) makes an element.
// Attributes starting with "on" become listeners; `class`, `dataset`, and
// boolean attributes are handled; null/false children are skipped.
export function h(spec, attrs, ...children) {
	if (attrs === null || attrs === undefined || typeof attrs !== 'object' ||
	    attrs instanceof Node || Array.isArray(attrs)) {
		children.unshift(attrs);
		attrs = {};
	}
	const [head, ...classes] = spec.split('.');
	const [tag, id] = head.split('#');
	const el = document.createElement(tag || 'div');
	if (id) el.id = id;
	if (classes.length) el.className = classes.join(' ');
	for (const [k, v] of Object.entries(attrs)) {
		if (v === undefined || v === null || v === false) continue;
		if (k.startsWith('on') && typeof v === 'function') {
			el.addEventListener(k.slice(2).toLowerCase(), v);
		} else if (k === 'class') {
			el.className = [el.className, v].filter(Boolean).join(' ');
		} else if (k === 'dataset') {
			Object.assign(el.dataset, v);
		} else if (k === 'value' && 'value' in el) {
			el.value = v;
		} else if (k === 'checked' || k === 'selected' || k === 'disabled') {
			el[k] = Boolean(v);
		} else if (v === true) {
			el.setAttribute(k, '');
		} else {
			el.setAttribute(k, String(v));
		}
	}
	append(el, children);
	return el;
}

export function append(el, children) {
	for (const c of children.flat(Infinity)) {
		if (c === null || c === undefined || c === false) continue;
		el.append(c instanceof Node ? c : document.createTextNode(String(c)));
	}
	return el;
}

export function clear(el) {
	while (el.firstChild) el.removeChild(el.firstChild);
	return el;
}

export function replace(el, ...children) {
	clear(el);
	return append(el, children);
}

let uid = 0;
export function nextId(prefix = 'f') {
	uid += 1;
	return `${prefix}-${uid}`;
}
