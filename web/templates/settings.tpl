{{%AUTOESCAPE context="HTML"}}<section class="form-page settings">
  <h1>Settings</h1>
  {{#NOTICE}}<p class="notice" role="status">{{NOTICE_TEXT}}</p>{{/NOTICE}}
  {{#ERROR}}<p class="error" role="alert">{{ERROR_TEXT}}</p>{{/ERROR}}

  <h2>Profile</h2>
  <form action="/settings/profile" method="post">
    <input type="hidden" name="csrf" value="{{CSRF}}">
    <p><label for="s-name">Display name</label><input id="s-name" name="name" value="{{USER_NAME}}" autocomplete="nickname" required></p>
    <p><label for="s-email">Email</label><input id="s-email" name="email" type="email" value="{{USER_EMAIL}}" autocomplete="email" required></p>
    <p><label for="s-email-password">Current password (needed to change the email)</label><input id="s-email-password" name="password" type="password" autocomplete="current-password"></p>
    <p><button type="submit">Save profile</button></p>
  </form>

  <h2>Public profile</h2>
  <form action="/settings/public" method="post">
    <input type="hidden" name="csrf" value="{{CSRF}}">
    <p><label for="s-handle">Handle (your address here: /u/{{HANDLE}}; an old handle keeps leading to you)</label><input id="s-handle" name="handle" value="{{HANDLE}}" pattern="[A-Za-z0-9][A-Za-z0-9_\-]{1,31}" autocomplete="username" required></p>
    <p><label for="s-affiliation">Affiliation</label><input id="s-affiliation" name="affiliation" value="{{AFFILIATION}}" maxlength="200" autocomplete="organization"></p>
    <p><label for="s-links">Links, one a line (homepage, Scholar, GitHub)</label><textarea id="s-links" name="links" rows="3">{{LINKS}}</textarea></p>
    <p><button type="submit">Save public profile</button> <a href="/u/{{HANDLE}}">See it</a></p>
  </form>

  <h2>Password</h2>
  <form action="/settings/password" method="post">
    <input type="hidden" name="csrf" value="{{CSRF}}">
    <p><label for="s-password">Current password</label><input id="s-password" name="password" type="password" autocomplete="current-password" required></p>
    <p><label for="s-new-password">New password (at least 8 characters)</label><input id="s-new-password" name="new_password" type="password" autocomplete="new-password" required></p>
    <p><button type="submit">Change password</button></p>
  </form>

  <h2 id="new-token">API tokens</h2>
  <p>Tokens let scripts vote, submit and read your library: send <code>Authorization: Bearer TOKEN</code>.</p>
  {{#NEW_TOKEN}}<p class="notice" role="status">Your new token, shown only this once: copy it now.</p>
  <pre class="secret" id="secret">{{NEW_TOKEN_VALUE}}</pre>
  <p><button type="button" class="copy" data-copy="secret">Copy token</button></p>{{/NEW_TOKEN}}
  <form action="/settings/tokens" method="post">
    <input type="hidden" name="csrf" value="{{CSRF}}">
    <p><label for="s-label">Token name</label><input id="s-label" name="label" autocomplete="off" required></p>
    <p><button type="submit">Create API token</button></p>
  </form>
  {{#TOKENS}}<ul class="tokens">{{#TOKEN}}<li>{{TOKEN_LABEL}} (created {{TOKEN_CREATED}})
    <form action="/settings/tokens/revoke" method="post" class="inline"><input type="hidden" name="csrf" value="{{CSRF}}"><input type="hidden" name="token" value="{{TOKEN_HASH}}"><button type="submit" class="link" aria-label="Revoke {{TOKEN_LABEL}}">Revoke</button></form></li>{{/TOKEN}}</ul>{{/TOKENS}}

  <h2>Sign out everywhere</h2>
  <p>Changing your password or address signs out every other session; API tokens keep working until revoked. If you fear a session or a token has leaked, end them all at once, this session too.</p>
  <form action="/settings/sign-out-everywhere" method="post">
    <input type="hidden" name="csrf" value="{{CSRF}}">
    <p><label for="s-everywhere-password">Current password</label><input id="s-everywhere-password" name="password" type="password" autocomplete="current-password" required></p>
    <p><button type="submit">Sign out everywhere and revoke every token</button></p>
  </form>

  <h2>Delete account</h2>
  <p>Deletes your account, votes, library, saved searches, follows and mail subscriptions. Papers you submitted stay listed. This cannot be undone.</p>
  <form action="/settings/delete" method="post">
    <input type="hidden" name="csrf" value="{{CSRF}}">
    <p><label><input type="checkbox" name="confirm" value="1" required> Delete my account and its data</label></p>
    <p><label for="s-delete-password">Current password</label><input id="s-delete-password" name="password" type="password" autocomplete="current-password" required></p>
    <p><button type="submit" class="danger">Delete account</button></p>
  </form>
</section>
