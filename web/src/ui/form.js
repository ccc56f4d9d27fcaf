// form.js: forms that check each field as the user types, with the same
// rules as the API (validate.js), and that put the API's own error beside
// the field it names (error.field). Labels, hints and errors are tied to
// their input for screen readers (aria-describedby, aria-invalid).
import { h, nextId, replace, clear } from '../dom.js';
import { t } from '../i18n/index.js';
import { notice } from './widgets.js';

// spec: {name, label, type: text|number|date|month|select|checkbox|checks|textarea|file|password|email,
//        value, required, options: [[value, label]], hint, check: (value, values) => key|null,
//        placeholder, autocomplete, inputmode, accept}
export class Form {
	constructor(specs, { submitLabel, onSubmit, testid, cancel } = {}) {
		this.fields = new Map();
		this.onSubmit = onSubmit;
		this.alert = h('div.form-alert', { 'aria-live': 'assertive' });
		const body = specs.map((s) => (s.section ? h('h3.form-section', s.section) : this.field(s)));
		this.submit = h('button.btn.btn-primary', { type: 'submit', 'data-testid': testid ? `${testid}-submit` : undefined }, submitLabel || t('common.save'));
		this.el = h('form.form', { novalidate: true, 'data-testid': testid, onsubmit: (e) => this.handleSubmit(e) },
			this.alert, h('div.form-grid', body),
			h('div.form-actions', this.submit, cancel || null));
	}

	field(s) {
		const id = nextId(s.name);
		const errId = `${id}-err`;
		const hintId = `${id}-hint`;
		const error = h('p.field-error', { id: errId, 'data-error-for': s.name });
		const hint = s.hint ? h('p.field-hint', { id: hintId }, s.hint) : null;
		const describedBy = [hint ? hintId : null, errId].filter(Boolean).join(' ');
		let input;
		let wrap;
		const common = { id, name: s.name, 'aria-describedby': describedBy, 'data-field': s.name, required: s.required };
		const label = h('label', { for: id }, s.label, s.required ? h('span.req', { 'aria-hidden': 'true' }, ' *') : null);
		if (s.type === 'select') {
			input = h('select', common, (s.options || []).map(([v, l]) => h('option', { value: v, selected: String(s.value ?? '') === String(v) }, l)));
		} else if (s.type === 'textarea') {
			input = h('textarea', { ...common, rows: s.rows || 4, placeholder: s.placeholder }, s.value ?? '');
		} else if (s.type === 'checkbox') {
			input = h('input', { ...common, type: 'checkbox', checked: Boolean(s.value) });
			wrap = h('div.field.field-check', h('div.check-row', input, label), hint, error);
		} else if (s.type === 'checks') {
			const legendId = `${id}-legend`;
			const boxes = (s.options || []).map(([v, l]) => {
				const bid = nextId(`${s.name}-${v}`);
				return h('label.check', { for: bid }, h('input', { type: 'checkbox', id: bid, value: v, checked: (s.value || []).includes(v) }), ' ', l);
			});
			input = h('div.checks', { role: 'group', 'aria-labelledby': legendId, 'aria-describedby': describedBy, 'data-field': s.name }, boxes);
			wrap = h('fieldset.field.field-wide', h('legend', { id: legendId }, s.label), input, hint, error);
		} else {
			input = h('input', {
				...common,
				type: s.type || 'text',
				value: s.value ?? '',
				placeholder: s.placeholder,
				autocomplete: s.autocomplete || 'off',
				inputmode: s.inputmode,
				accept: s.accept,
				min: s.min,
				max: s.max,
				step: s.step,
			});
		}
		if (!wrap) wrap = h(`div.field${s.wide ? '.field-wide' : ''}`, label, input, hint, error);
		const f = { spec: s, input, error, wrap, touched: false };
		this.fields.set(s.name, f);
		const live = () => {
			if (f.touched) this.check(s.name);
		};
		input.addEventListener('input', () => {
			f.touched = true;
			live();
		});
		input.addEventListener('change', () => {
			f.touched = true;
			this.check(s.name);
		});
		input.addEventListener('blur', () => {
			if (this.value(s.name) !== '' && this.value(s.name) !== null) {
				f.touched = true;
				this.check(s.name);
			}
		});
		return wrap;
	}

	value(name) {
		const f = this.fields.get(name);
		if (!f) return undefined;
		const s = f.spec;
		if (s.type === 'checkbox') return f.input.checked;
		if (s.type === 'checks') return [...f.input.querySelectorAll('input:checked')].map((i) => i.value);
		if (s.type === 'file') return f.input.files && f.input.files[0] ? f.input.files[0] : null;
		return f.input.value.trim();
	}

	values() {
		const out = {};
		for (const name of this.fields.keys()) out[name] = this.value(name);
		return out;
	}

	show(name, visible) {
		const f = this.fields.get(name);
		if (f) f.wrap.hidden = !visible;
	}

	setValue(name, v) {
		const f = this.fields.get(name);
		if (!f) return;
		if (f.spec.type === 'checkbox') f.input.checked = Boolean(v);
		else f.input.value = v ?? '';
	}

	setError(name, message) {
		const f = this.fields.get(name);
		if (!f) return false;
		f.error.textContent = message || '';
		const target = f.spec.type === 'checks' ? f.input : f.input;
		if (message) target.setAttribute('aria-invalid', 'true');
		else target.removeAttribute('aria-invalid');
		f.wrap.classList.toggle('has-error', Boolean(message));
		return true;
	}

	// The rules of one field: required, then its own check.
	check(name) {
		const f = this.fields.get(name);
		const s = f.spec;
		const v = this.value(name);
		let key = null;
		const emptyValue = v === '' || v === null || (Array.isArray(v) && v.length === 0) || v === false;
		if (s.required && emptyValue && s.type !== 'checkbox') key = 'val.required';
		else if (!emptyValue && s.check) key = s.check(v, this.values());
		this.setError(name, key ? t(key) : '');
		return !key;
	}

	validate() {
		let ok = true;
		let first = null;
		for (const [name, f] of this.fields) {
			if (f.wrap.hidden) {
				this.setError(name, '');
				continue;
			}
			f.touched = true;
			if (!this.check(name)) {
				ok = false;
				if (!first) first = f.input;
			}
		}
		if (first) first.focus();
		return ok;
	}

	clearErrors() {
		clear(this.alert);
		for (const name of this.fields.keys()) this.setError(name, '');
	}

	// Shows an API error: beside its field when the form has it, else on top.
	showError(err) {
		clear(this.alert);
		const field = err && err.field ? err.field : '';
		const mapped = this.fieldFor(field);
		if (mapped && this.setError(mapped, err.message)) {
			this.fields.get(mapped).input.focus();
			replace(this.alert, notice('error', t('form.fix_fields')));
			return;
		}
		const items = err && err.problems && Array.isArray(err.problems)
			? h('ul.problems', err.problems.map((p) => h('li', h('code', p.path || p.field || ''), ' ', p.message || String(p))))
			: null;
		replace(this.alert, notice('error', err && err.message ? err.message : t('error.generic'), items));
		this.alert.focus?.();
	}

	// The API names fields as it knows them (value_cents); the form may call them otherwise.
	fieldFor(apiField) {
		if (!apiField) return null;
		if (this.fields.has(apiField)) return apiField;
		for (const [name, f] of this.fields) if ((f.spec.apiNames || []).includes(apiField)) return name;
		return null;
	}

	async handleSubmit(e) {
		e.preventDefault();
		clear(this.alert);
		if (!this.validate()) {
			replace(this.alert, notice('error', t('form.fix_fields')));
			return;
		}
		this.submit.disabled = true;
		this.submit.setAttribute('aria-busy', 'true');
		try {
			await this.onSubmit(this.values(), this);
		} catch (err) {
			this.showError(err);
		} finally {
			this.submit.disabled = false;
			this.submit.removeAttribute('aria-busy');
		}
	}
}
