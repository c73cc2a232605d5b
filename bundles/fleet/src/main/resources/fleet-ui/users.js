// Users (#/users, admins only): the console's users with their roles, adding and deleting them.
import { api, h, card, table, setText, messageOf, isObject, asArray } from './common/lib.js';
import {
  API, enc, head, errorLine, field, input, select, clearErrors, showErrors, showLocalErrors, onSubmit, fetchInto,
} from './fleet-lib.js';

const ROLES = [['operator', 'operator: reads everything, changes nothing'], ['admin', 'admin: everything']];

export function mount(root, context) {
  root.append(head('Users', h('p', { class: 'muted' }, 'Who may sign in to this console, and with which role.')));
  if (!context.isAdmin()) {
    root.append(h('p', { class: 'notice', id: 'users-admin-only' }, 'Only administrators manage users.'));
    return null;
  }
  const error = errorLine('users-error');
  const rows = h('tbody');
  const name = input('user-name', { autocomplete: 'off' });
  const role = select('user-role', ROLES, { value: 'operator' });
  const password = input('user-password', { type: 'password', autocomplete: 'new-password' });
  const general = errorLine('user-form-error');
  const added = h('span', { class: 'ok', id: 'user-added', role: 'status' });
  const submit = h('button', { type: 'submit', id: 'user-submit' }, 'Add user');
  const form = h('form', { id: 'user-form', novalidate: true },
    h('div', { class: 'fields' }, field('User name', name), field('Role', role),
      field('Password', password, '10 to 200 characters. Tell it to the user over a safe channel.')),
    general, h('div', { class: 'buttons' }, submit, added));
  root.append(error,
    card('Users', table({ id: 'users-table' }, ['Name', 'Role', h('span', { class: 'visually-hidden' }, 'Actions')], rows)),
    card('Add a user', form));

  const load = fetchInto(context, `${API}/users`, error, (answer) => {
    rows.replaceChildren(...asArray(answer.users).filter(isObject).map((u) => h('tr', { 'data-user': u.name },
      h('td', null, u.name, u.name === context.user ? h('span', { class: 'muted' }, ' (you)') : null),
      h('td', null, h('span', { class: 'tag', 'data-role': u.role }, u.role)),
      h('td', { class: 'actions' }, h('button', {
        type: 'button', class: 'danger small', 'data-delete-user': u.name, disabled: u.name === context.user,
        title: u.name === context.user ? 'You cannot delete yourself.' : null,
      }, 'Delete')))));
  });

  rows.addEventListener('click', async (event) => {
    const button = event.target.closest('button[data-delete-user]');
    if (!button) return;
    const user = button.dataset.deleteUser;
    if (!window.confirm(`Delete the user ${user}? Their sessions end.`)) return;
    button.disabled = true;
    try {
      await api('DELETE', `${API}/users/${enc(user)}`);
      await load();
    } catch (e) {
      setText(error, messageOf(e));
      button.disabled = false;
    }
  });

  onSubmit(form, submit, async () => {
    clearErrors(form, general);
    setText(added, '');
    const user = name.value.trim();
    if (showLocalErrors(form, {
      ...(user ? {} : { 'user-name': 'A user name is needed.' }),
      ...(password.value ? {} : { 'user-password': 'A password is needed.' }),
    }, general)) return;
    try {
      await api('POST', `${API}/users`, { json: { name: user, role: role.value, password: password.value } });
      form.reset();
      setText(added, `User ${user} added.`);
      await load();
    } catch (e) {
      showErrors(form, e, general, (key) => ({ name: 'user-name', role: 'user-role', password: 'user-password' })[key] || null);
    }
  });

  load();
  return null;
}
