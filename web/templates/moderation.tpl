{{%AUTOESCAPE context="HTML"}}<section class="admin moderation">
  <h1>Moderation</h1>
  {{#NOTICE}}<p class="notice" role="status">{{NOTICE_TEXT}}</p>{{/NOTICE}}
  <h2 id="reports">Reported comments <span class="count">{{REPORT_COUNT}}</span></h2>
  {{#NO_REPORTS}}<p class="empty">No open reports.</p>{{/NO_REPORTS}}
  {{#REPORT}}<article class="queue-item" data-report="{{REPORT_ID}}" data-comment="{{POST_ID}}">
    <p class="meta">@{{REPORTER}} reported <a href="/papers/{{PAPER_PATH}}#comment-{{POST_ID}}">a comment</a> by {{#AUTHOR}}<a href="/u/{{AUTHOR}}">@{{AUTHOR}}</a>{{/AUTHOR}}{{#NO_AUTHOR}}a deleted account{{/NO_AUTHOR}} ({{STATE}}): “{{REASON}}”</p>
    <div class="post-body">{{BODY_HTML:none}}</div>
    {{#REVISIONS}}<details class="revisions"><summary>Earlier versions ({{REVISION_COUNT}})</summary>{{#REVISION}}<p class="meta">Replaced {{REPLACED}} UTC</p><pre>{{REVISION_TEXT}}</pre>{{/REVISION}}</details>{{/REVISIONS}}
    {{>POST_ACTIONS}}
  </article>{{/REPORT}}
  <h2 id="held">Comments awaiting review <span class="count">{{HELD_COUNT}}</span></h2>
  {{#NO_HELD}}<p class="empty">None waiting.</p>{{/NO_HELD}}
  {{#HELD}}<article class="queue-item" data-comment="{{POST_ID}}">
    <p class="meta">By <a href="/u/{{AUTHOR}}">@{{AUTHOR}}</a> on <a href="/papers/{{PAPER_PATH}}#comment-{{POST_ID}}">{{PAPER_ID}}</a></p>
    <div class="post-body">{{BODY_HTML:none}}</div>
    {{>POST_ACTIONS}}
  </article>{{/HELD}}
  <h2 id="claims">Author claims <span class="count">{{CLAIM_COUNT}}</span></h2>
  {{#NO_CLAIMS}}<p class="empty">No claims waiting.</p>{{/NO_CLAIMS}}
  {{#CLAIM}}<article class="queue-item" data-claim="{{CLAIM_ID}}">
    <p><a href="/u/{{HANDLE}}">@{{HANDLE}}</a> ({{USER_NAME}}) says they are author {{POSITION}}, <strong>{{AUTHOR_NAME}}</strong>, of <a href="/papers/{{PAPER_PATH}}">{{PAPER_ID}}</a>.</p>
    <form class="inline-form" action="/moderation/claims/{{CLAIM_ID}}" method="post">
      <input type="hidden" name="csrf" value="{{CSRF}}">
      <label>Note <input name="reason" maxlength="1000"></label>
      <button type="submit" name="action" value="approve">Approve</button>
      <button type="submit" name="action" value="reject">Reject</button>
    </form>
  </article>{{/CLAIM}}
  <h2 id="accounts">Accounts</h2>
  <form class="inline-form" action="/moderation/accounts" method="post">
    <input type="hidden" name="csrf" value="{{CSRF}}">
    <label>Handle <input name="handle" required maxlength="32" autocomplete="off"></label>
    <label>Reason <input name="reason" required maxlength="1000"></label>
    <label><input type="checkbox" name="hide_posts" value="1"> hide their comments now</label>
    <button type="submit" name="action" value="suspend">Suspend</button>
    <button type="submit" name="action" value="unsuspend">Lift suspension</button>
  </form>
  {{#ROLES}}<form class="inline-form" action="/moderation/roles" method="post">
    <input type="hidden" name="csrf" value="{{CSRF}}">
    <label>Handle <input name="handle" required maxlength="32" autocomplete="off"></label>
    <label>Role <select name="role"><option>reader</option><option>moderator</option><option>admin</option></select></label>
    <button type="submit">Grant</button>
  </form>{{/ROLES}}
  <h2 id="log">Log</h2>
  {{#NO_LOG}}<p class="empty">Nothing done yet.</p>{{/NO_LOG}}
  {{#LOG}}<div class="table-scroll"><table class="admin-table">
    <thead><tr><th>When (UTC)</th><th>Who</th><th>Did</th><th>To</th><th>Why</th><th></th></tr></thead>
    <tbody>{{#ENTRY}}<tr data-target="{{TARGET}}"><td>{{WHEN}}</td><td>{{WHO}}</td><td>{{ACTION}}</td><td>{{#TARGET_LINK}}<a href="{{TARGET_URL}}">{{TARGET_NAME}}</a>{{/TARGET_LINK}}{{#TARGET_TEXT}}{{TARGET_NAME}}{{/TARGET_TEXT}}</td><td>{{REASON}}</td>
      <td>{{#RESTORE}}<form class="inline" action="/moderation/posts/{{POST_ID}}" method="post"><input type="hidden" name="csrf" value="{{CSRF}}"><input type="hidden" name="reason" value="restored from the log"><button type="submit" class="link" name="action" value="restore">Restore</button></form>{{/RESTORE}}</td></tr>{{/ENTRY}}</tbody>
  </table></div>{{/LOG}}
</section>
