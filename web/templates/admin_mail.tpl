{{%AUTOESCAPE context="HTML"}}<section class="form-page admin">
  <h1>Mail</h1>
  {{#NO_MAIL}}<p>Mail is off: start the server with <code>--mail-from</code> (and <code>--smtp-url</code>) to take subscriptions and send digests.</p>{{/NO_MAIL}}
  <p>Outbox: <strong>{{QUEUED}}</strong> waiting · <strong>{{SENT}}</strong> sent · <strong>{{FAILED}}</strong> failed. Active subscribers: {{SUBSCRIBERS}}.</p>
  {{#ROUND}}<p>Last planned {{LAST_PLAN}} (UTC): {{ROUND_QUEUED}} digests queued, {{ROUND_EMPTY}} with nothing new, {{ROUND_NOT_DUE}} not due. Last sent {{LAST_SEND}}. This process: {{SENT_TOTAL}} sent, {{RETRIED_TOTAL}} retried, {{FAILED_TOTAL}} failed.</p>{{/ROUND}}
  {{#LAST_ERROR}}<p class="error">Last round: {{LAST_ERROR_TEXT}}</p>{{/LAST_ERROR}}
  {{#FAILURES}}<h2>Failed</h2>
  <table class="admin-table">
    <thead><tr><th>To</th><th>Kind</th><th>Period</th><th>Tries</th><th>Error</th></tr></thead>
    <tbody>{{#FAILURE}}<tr><td>{{TO}}</td><td>{{KIND}}</td><td>{{PERIOD}}</td><td>{{ATTEMPTS}}</td><td class="error">{{ERROR}}</td></tr>{{/FAILURE}}</tbody>
  </table>{{/FAILURES}}
  {{#RETRIES}}<h2>Waiting to retry</h2>
  <table class="admin-table">
    <thead><tr><th>To</th><th>Kind</th><th>Period</th><th>Tries</th><th>Next try (UTC)</th><th>Error</th></tr></thead>
    <tbody>{{#RETRY}}<tr><td>{{TO}}</td><td>{{KIND}}</td><td>{{PERIOD}}</td><td>{{ATTEMPTS}}</td><td>{{NEXT}}</td><td>{{ERROR}}</td></tr>{{/RETRY}}</tbody>
  </table>{{/RETRIES}}
  <p class="hint"><a href="/metrics">/metrics</a> has these for Prometheus, <a href="/api/admin/mail">/api/admin/mail</a> as JSON.</p>
</section>
