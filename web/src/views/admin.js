// admin.js: the organisation's accounts (role, disabled) and API tokens
// (created once, shown once, revocable).
import { h, replace } from '../dom.js';
import { t, tv } from '../i18n/index.js';
import { get, post, patch, del } from '../api.js';
import { can, session } from '../session.js';
import { dateTime } from '../format.js';
import { pageHeader, card, badge, button, notice, toast } from '../ui/widgets.js';
import { simpleTable } from '../ui/table.js';
import { Form } from '../ui/form.js';
import { refresh } from '../router.js';
import { supplierOptions } from './contracts.js';
import * as v from '../validate.js';

const ROLES = ['administrator', 'consultant', 'buyer', 'jobcoach', 'supplier', 'auditor'];

export async function adminView() {
	const page = h('div.page', { 'data-testid': 'admin-page' });
	page.append(pageHeader(t('admin.title'), { sub: t('admin.sub') }));
	if (!can('users:read')) {
		page.append(notice('error', t('error.forbidden')));
		return page;
	}
	const [users, tokens, suppliers] = await Promise.all([get('/users'), get('/tokens'), supplierOptions().catch(() => [])]);
	page.append(card(t('admin.users'), simpleTable([
		{ label: t('login.email'), key: 'email' },
		{ label: t('admin.role'), render: (u) => t(`role.${u.role}`) },
		{ label: t('admin.last_login'), render: (u) => dateTime(u.last_login_at) },
		{ label: t('admin.totp'), render: (u) => (u.totp ? t('common.yes') : t('common.no')) },
		{ label: t('field.status'), render: (u) => badge('enum.user_state', u.disabled ? 'disabled' : 'active') },
		{ label: t('common.actions'), render: (u) => (u.id === session.user.id ? '' : button(u.disabled ? t('admin.enable') : t('admin.disable'), async () => {
			await patch(`/users/${u.id}`, { disabled: !u.disabled });
			toast(t('admin.saved'));
			refresh();
		}, { testid: `toggle-user-${u.id}` })) },
	], users.items || [], { testid: 'users-table' })));

	const userForm = new Form([
		{ name: 'email', label: t('login.email'), type: 'email', required: true, check: v.email },
		{ name: 'role', label: t('admin.role'), type: 'select', required: true, options: [['', t('common.choose')], ...ROLES.map((r) => [r, t(`role.${r}`)])] },
		{ name: 'supplier_id', label: t('field.supplier'), type: 'select', options: [['', t('common.none')], ...suppliers], hint: t('admin.supplier_hint'), check: (x, all) => null },
		{ name: 'password', label: t('login.password'), type: 'password', required: true, autocomplete: 'new-password', check: (x) => (x.length < 12 ? 'val.password' : null) },
	], {
		submitLabel: t('admin.add_user'),
		testid: 'user-form',
		onSubmit: async (x) => {
			const body = { email: x.email, role: x.role, password: x.password };
			if (x.supplier_id) body.supplier_id = Number(x.supplier_id);
			await post('/users', body);
			toast(t('admin.saved'));
			refresh();
		},
	});
	page.append(card(t('admin.add_user'), userForm.el));

	const shown = h('div', { 'aria-live': 'polite' });
	page.append(card(t('admin.tokens'), h('p.muted', t('admin.tokens_text')), simpleTable([
		{ label: t('admin.token_name'), key: 'name' },
		{ label: t('admin.role'), render: (x) => t(`role.${x.role}`) },
		{ label: t('admin.created'), render: (x) => dateTime(x.created_at) },
		{ label: t('admin.last_used'), render: (x) => dateTime(x.last_used_at) },
		{ label: t('field.status'), render: (x) => badge('enum.user_state', x.revoked_at ? 'revoked' : 'active') },
		{ label: t('common.actions'), render: (x) => (x.revoked_at ? '' : button(t('admin.revoke'), async () => {
			await del(`/tokens/${x.id}`);
			toast(t('admin.revoked'));
			refresh();
		}, { kind: 'danger' })) },
	], tokens.items || [], { emptyText: t('admin.no_tokens') }), shown, new Form([
		{ name: 'name', label: t('admin.token_name'), required: true },
		{ name: 'role', label: t('admin.role'), type: 'select', required: true, options: [['', t('common.choose')], ...ROLES.filter((r) => r !== 'administrator').map((r) => [r, t(`role.${r}`)])] },
		{ name: 'supplier_id', label: t('field.supplier'), type: 'select', options: [['', t('common.none')], ...suppliers] },
	], {
		submitLabel: t('admin.create_token'),
		testid: 'token-form',
		onSubmit: async (x) => {
			const body = { name: x.name, role: x.role };
			if (x.supplier_id) body.supplier_id = Number(x.supplier_id);
			const tok = await post('/tokens', body);
			replace(shown, notice('warn', t('admin.token_once'), h('code.token', tok.token || tok.secret || JSON.stringify(tok))));
		},
	}).el));
	return page;
}
