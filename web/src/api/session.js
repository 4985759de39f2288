// session.js - who is signed in, and what their role may do.
//
// The server enforces every rule; this module only decides what the page
// offers (menus, buttons, hints), so that users are not shown actions they
// would be refused.
import { reactive } from 'vue';
import { get, post, del, setCsrf } from './client.js';

export const session = reactive({
  user: null,   // User of docs/API.md, or null when signed out
  loaded: false, // the first GET /session has answered
});

let probe = null;

function accept(body) {
  session.user = body && body.user ? body.user : null;
  setCsrf(body ? body.csrf_token : '');
}

/** Asks the server who we are (once; later calls share the answer). */
export function loadSession(force = false) {
  if (probe && !force) return probe;
  probe = get('/session', null, { quiet401: true })
    .then(accept)
    .catch((err) => {
      accept(null);
      if (err.status !== 401) throw err;
    })
    .finally(() => {
      session.loaded = true;
    });
  return probe;
}

/** Signs in; resolves the user or rejects with ApiError (401 wrong password, 429 locked). */
export async function signIn(username, password) {
  const body = await post('/session', { username, password }, { quiet401: true });
  accept(body);
  session.loaded = true;
  probe = Promise.resolve();
  return session.user;
}

/** Signs out on the server (best effort) and forgets the user. */
export async function signOut() {
  try {
    await del('/session', { quiet401: true });
  } catch {
    /* already gone */
  }
  forget();
}

/** Drops the local session (after a 401). */
export function forget() {
  accept(null);
  probe = Promise.resolve();
}

/** Changes the password; the server clears must_change_password. */
export async function changePassword(oldPassword, newPassword) {
  const body = await post('/session/password', { old_password: oldPassword, new_password: newPassword });
  if (body && body.user) accept({ user: body.user, csrf_token: body.csrf_token || undefined });
  else if (session.user) session.user = { ...session.user, must_change_password: false };
  if (body && body.csrf_token) setCsrf(body.csrf_token);
  return session.user;
}

/** The signed-in role, or "". */
export function role() {
  return session.user ? session.user.role : '';
}

// What each role may do, as the page offers it (docs/API.md "Roles").
const CAN = {
  'dashboard.view': ['city', 'district', 'viewer'],
  'enterprise.list': ['city', 'district', 'viewer'],
  'enterprise.export': ['city', 'district', 'viewer'],
  'enterprise.edit': ['city', 'district', 'enterprise'],
  'enterprise.tier': ['city'],
  'import.run': ['city', 'district'],
  'users.manage': ['security'],
  'audit.read': ['auditor'],
  'system.view': ['admin'],
  'reviews.view': ['expert'],
};

/** Whether the signed-in user's role may do action (a key of CAN). */
export function can(action) {
  const r = role();
  return Boolean(r && CAN[action] && CAN[action].includes(r));
}

/** The roles that may do action (for route meta). */
export function rolesFor(action) {
  return CAN[action] || [];
}
