{{%AUTOESCAPE context="HTML"}}<section class="listing">
  <div class="listing-head">
    <h1>{{HEADING}}</h1>
    {{#NOTE}}<p class="hint">{{NOTE_TEXT}}</p>{{/NOTE}}
    {{#TAGS}}<nav class="views" aria-label="Tags"><a href="/library" {{#ALL_CURRENT}}aria-current="true"{{/ALL_CURRENT}}>All</a>{{#TAG}} <a href="/library?tag={{TAG_PARAM}}" {{#TAG_CURRENT}}aria-current="true"{{/TAG_CURRENT}}>{{TAG_NAME}}</a>{{/TAG}}</nav>{{/TAGS}}
    {{#LINKS}}<p class="hint">{{#LINK}}<a href="{{LINK_URL}}">{{LINK_LABEL}}</a> {{/LINK}}</p>{{/LINKS}}
  </div>
  {{#EMPTY}}<p class="empty">{{EMPTY_TEXT}}</p>{{/EMPTY}}
  {{#PAPER}}{{>CARD}}{{/PAPER}}
</section>
