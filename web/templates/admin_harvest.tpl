{{%AUTOESCAPE context="HTML"}}<section class="form-page admin">
  <h1>Harvests</h1>
  {{#NO_SCHEDULE}}<p>No harvests are scheduled: start the server with <code>--harvest</code> and <code>--harvest-set</code> or <code>--harvest-hf</code>.</p>{{/NO_SCHEDULE}}
  {{#SCHEDULE}}<p>Next round: {{NEXT_RUN}} (UTC){{#RUNNING}} · running now: {{RUNNING_JOB}}{{/RUNNING}}</p>
  <table class="admin-table">
    <thead><tr><th>Job</th><th>Last run</th><th>Result</th><th>Records</th><th>New</th><th>Updated</th><th>Withdrawn</th><th>Problems</th><th>Runs ok / failed</th></tr></thead>
    <tbody>{{#JOB}}<tr><td>{{NAME}}</td><td>{{LAST_RUN}}</td><td>{{#OK}}ok{{/OK}}{{#FAILED}}<span class="error">{{ERROR}}</span>{{/FAILED}}{{#NEVER}}not yet{{/NEVER}}</td><td>{{RECORDS}}</td><td>{{ADDED}}</td><td>{{UPDATED}}</td><td>{{WITHDRAWN}}</td><td>{{PROBLEMS}}</td><td>{{RUNS_OK}} / {{RUNS_FAILED}}</td></tr>{{/JOB}}</tbody>
  </table>
  <form action="/admin/harvest/run" method="post"><input type="hidden" name="csrf" value="{{CSRF}}"><button type="submit">Run a round now</button></form>
  {{#INDEX_ERROR}}<p class="error">Index catch-up: {{INDEX_ERROR_TEXT}}</p>{{/INDEX_ERROR}}{{/SCHEDULE}}
  <h2>Thumbnails</h2>
  {{#THUMBNAILS}}<p>{{DRAWN}} first pages drawn · {{FAILING}} papers whose last try failed</p>
  {{#FAILURES}}<table class="admin-table">
    <thead><tr><th>Paper</th><th>Version</th><th>Tries</th><th>Next try (UTC)</th><th>Last error</th></tr></thead>
    <tbody>{{#FAILURE}}<tr><td><a href="/papers/{{PAPER_PATH}}">{{PAPER_ID}}</a></td><td>v{{VERSION}}</td><td>{{TRIES}}</td><td>{{RETRY_AT}}</td><td>{{ERROR}}</td></tr>{{/FAILURE}}</tbody>
  </table>{{/FAILURES}}{{/THUMBNAILS}}
  {{#THUMBNAILS_ERROR}}<p class="error">Cannot read the thumbnails: {{THUMBNAILS_ERROR_TEXT}}</p>{{/THUMBNAILS_ERROR}}
  <p class="hint">First pages of listed papers are drawn by servers started with <code>--thumbnails</code>; these figures come from the store, so they cover every server on it.</p>
  <p class="hint">Figures for this server process; <a href="/metrics">/metrics</a> has them for Prometheus, <a href="/api/admin/harvest">/api/admin/harvest</a> as JSON.</p>
</section>
