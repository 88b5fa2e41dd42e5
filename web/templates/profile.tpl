{{%AUTOESCAPE context="HTML"}}<section class="listing profile" data-handle="{{HANDLE}}">
  <div class="listing-head">
    <h1>{{USER_NAME}} <span class="handle">@{{HANDLE}}</span>{{#ROLE}} <span class="badge">{{ROLE_NAME}}</span>{{/ROLE}}</h1>
    {{#SUSPENDED}}<p class="notice">This account is suspended.</p>{{/SUSPENDED}}
    {{#SAVED}}<p class="notice" role="status">Your public profile was saved: this is how others see it.</p>{{/SAVED}}
    {{#AFFILIATION}}<p class="affiliation">{{AFFILIATION_TEXT}}</p>{{/AFFILIATION}}
    {{#LINKS}}<ul class="profile-links">{{#LINK}}<li><a href="{{LINK_URL}}" rel="nofollow ugc noopener me">{{LINK_URL}}</a></li>{{/LINK}}</ul>{{/LINKS}}
    {{#ORGS}}<p class="profile-orgs">Member of {{#ORG}}<a class="org" href="/orgs/{{ORG_PATH}}">{{ORG_FULLNAME}}</a>{{#ORG_ADMIN}} (admin){{/ORG_ADMIN}}{{#ORG_separator}}, {{/ORG_separator}}{{/ORG}}</p>{{/ORGS}}
    {{#OWN}}<p class="hint"><a href="/settings">Edit your profile</a></p>{{/OWN}}
  </div>
  {{#PENDING}}<h2>Claims waiting for a moderator</h2>
  <ul class="claims">{{#CLAIM}}<li>Author {{POSITION}} ({{AUTHOR_NAME}}) of <a href="/papers/{{PAPER_PATH}}">{{PAPER_ID}}</a></li>{{/CLAIM}}</ul>{{/PENDING}}
  {{#COLLECTIONS}}<h2>Collections</h2><ul class="collection-list">{{#COLLECTION}}<li><a href="/collections/{{COLLECTION_ID}}">{{COLLECTION_TITLE}}</a>{{#PRIVATE}} <span class="badge">private</span>{{/PRIVATE}} · <span class="hint">{{COLLECTION_COUNT}}</span></li>{{/COLLECTION}}</ul>{{/COLLECTIONS}}
  <h2>Papers</h2>
  {{#EMPTY}}<p class="empty">{{EMPTY_TEXT}}</p>{{/EMPTY}}
  {{#PAPER}}{{>CARD}}{{/PAPER}}
</section>
