// The login form: where to go afterwards, and the message after a wrong token.
'use strict';
(() => {
  const q = new URLSearchParams(location.search);
  const next = q.get('next');
  if (next && next.startsWith('/') && !next.startsWith('//')) document.getElementById('next').value = next;
  if (q.get('error')) document.getElementById('login-error').textContent = 'Wrong token.';
})();
