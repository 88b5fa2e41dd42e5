{{%AUTOESCAPE context="HTML"}}<section class="listing">
  <div class="listing-head">
    <h1>{{HEADING}}</h1>
    {{#NOTE}}<p class="hint">{{NOTE_TEXT}}</p>{{/NOTE}}
    {{#TAGS}}<nav class="views" aria-label="Tags"><a href="{{TAG_BASE}}" {{#ALL_CURRENT}}aria-current="true"{{/ALL_CURRENT}}>All</a>{{#TAG}} <a href="{{TAG_BASE}}?tag={{TAG_PARAM}}" {{#TAG_CURRENT}}aria-current="true"{{/TAG_CURRENT}}>{{TAG_NAME}}</a>{{/TAG}}</nav>{{/TAGS}}
    {{#FOLLOW}}<form class="follow" action="/follow" method="post"><input type="hidden" name="csrf" value="{{CSRF}}"><input type="hidden" name="kind" value="{{FOLLOW_KIND}}"><input type="hidden" name="value" value="{{FOLLOW_VALUE}}"><input type="hidden" name="on" value="{{FOLLOW_ON}}"><button type="submit">{{FOLLOW_LABEL}}</button></form>{{/FOLLOW}}
    {{#LINKS}}<p class="hint">{{#LINK}}<a href="{{LINK_URL}}">{{LINK_LABEL}}</a> {{/LINK}}</p>{{/LINKS}}
  </div>
  {{#PROFILES}}<div class="profiles"><h2>People of this name with a profile</h2>
    <ul>{{#PROFILE}}<li><a href="/u/{{PROFILE_HANDLE}}">{{PROFILE_NAME}}</a> <span class="handle">@{{PROFILE_HANDLE}}</span> · {{PROFILE_PAPERS}}</li>{{/PROFILE}}</ul>
    <h2>{{PAPERS_HEADING}}</h2></div>{{/PROFILES}}
  {{#EMPTY}}<p class="empty">{{EMPTY_TEXT}}</p>{{/EMPTY}}
  {{#PAPER}}{{>CARD}}{{/PAPER}}
</section>
