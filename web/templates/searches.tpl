{{%AUTOESCAPE context="HTML"}}<section class="form-page">
  <h1>Saved searches</h1>
  {{#MAIL}}<p>Searches with “alert me” put their new matches in your mail digest. Each has an Atom feed.</p>{{/MAIL}}
  {{#MAIL_NEEDED}}<p>Each saved search has an Atom feed. Alerts of new matches come with the mail digest.</p>{{/MAIL_NEEDED}}
  {{#MAIL_OFFER}}<form class="subscribe-offer" action="/subscribe" method="post"><input type="hidden" name="csrf" value="{{CSRF}}"><input type="hidden" name="email" value="{{OFFER_EMAIL}}">{{#OFFER_PENDING}}Alerts of new matches come with the mail digest: confirm the subscription of {{OFFER_EMAIL}} from the mail we sent, or <button type="submit" class="link">send it again</button>.{{/OFFER_PENDING}}{{#OFFER_NEW}}Alerts of new matches come with the mail digest, which {{OFFER_EMAIL}} does not get. <button type="submit" class="link">Subscribe {{OFFER_EMAIL}}</button>{{/OFFER_NEW}}</form>{{/MAIL_OFFER}}
  {{#NO_MAIL}}<p>Each saved search has an Atom feed: add it to a feed reader to hear of new matches. (This server sends no mail.)</p>{{/NO_MAIL}}
  {{#ERROR}}<p class="error" role="alert">{{ERROR_TEXT}}</p>{{/ERROR}}
  {{#NONE}}<p class="empty">None yet: search, then “Save this search”.</p>{{/NONE}}
  <ul class="saved-searches">{{#SEARCH}}<li><a href="/search?q={{SEARCH_PARAM}}">{{SEARCH_QUERY}}</a>{{#MAIL}}{{#ALERTING}} <span class="badge">alert</span>{{/ALERTING}}{{/MAIL}}
    · <a href="/feeds/search.atom?q={{SEARCH_PARAM}}">Atom</a>
    {{#MAIL}}<form action="/searches" method="post" class="inline"><input type="hidden" name="csrf" value="{{CSRF}}"><input type="hidden" name="q" value="{{SEARCH_QUERY}}"><input type="hidden" name="alert" value="{{ALERT_NEXT}}"><button type="submit" class="link">{{ALERT_LABEL}}</button></form>{{/MAIL}}
    <form action="/searches/{{SEARCH_ID}}/delete" method="post" class="inline"><input type="hidden" name="csrf" value="{{CSRF}}"><button type="submit" class="link">Delete</button></form></li>{{/SEARCH}}</ul>
</section>
