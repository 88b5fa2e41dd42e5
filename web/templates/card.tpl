{{%AUTOESCAPE context="HTML"}}{{!
  Tab stops: the vote, the title and the card's actions. Author and submitter links are left
  out of the tab order (tabindex -1): a card has up to eight of them, they are on the paper's
  page too, and screen readers still list them as links.
}}<article class="card" tabindex="-1" data-paper="{{ID}}">
  <div class="votes">
    <form class="vote" action="/papers/{{ID_PATH}}/vote" method="post">
      <input type="hidden" name="csrf" value="{{CSRF}}">
      <input type="hidden" name="action" value="{{VOTE_ACTION}}">
      <button type="submit" aria-pressed="{{VOTED}}" aria-label="Upvote {{TITLE}}" title="Upvote">▲</button>
    </form>
    <span class="count">{{UPVOTES}}</span><span class="visually-hidden"> upvotes</span>
  </div>
  <div class="body">
    <h2 class="title math"><a href="/papers/{{ID_PATH}}">{{TITLE_HTML:none}}</a>{{#NEW}} <span class="badge">new</span>{{/NEW}}</h2>
    {{#AI_SUMMARY}}<p class="ai-summary math">{{AI_SUMMARY_HTML:none}}</p>{{/AI_SUMMARY}}
    <p class="meta">
      {{#AUTHOR}}{{#SKIPPED}}… {{/SKIPPED}}{{#NAMED}}<mark class="named-author" title="the author your search named">{{/NAMED}}<a href="{{AUTHOR_HREF}}" tabindex="-1"{{#CLAIMED}} class="claimed" title="@{{AUTHOR_HANDLE}}"{{/CLAIMED}}>{{AUTHOR_NAME}}</a>{{#NAMED}}</mark>{{/NAMED}}{{#AUTHOR_separator}}, {{/AUTHOR_separator}}{{/AUTHOR}}{{#MORE_AUTHORS}} and {{MORE_AUTHORS_COUNT}} more{{/MORE_AUTHORS}}
      · {{#PUBLISHED_DAY}}published {{/PUBLISHED_DAY}}<time datetime="{{DAY}}">{{DAY}}</time>{{#CATEGORY}} · <span class="cat">{{CATEGORY_NAME}}</span>{{/CATEGORY}}{{#SCORE}} · {{SCORE_VALUE}}{{/SCORE}}{{#COMMENTS}} · <a href="/papers/{{ID_PATH}}#discussion">{{COMMENTS_LABEL}}</a>{{/COMMENTS}}{{#ORGANIZATION}} · <a class="org" href="{{ORGANIZATION_PATH}}">{{ORGANIZATION_NAME}}</a>{{/ORGANIZATION}}{{#CODE}} · <a class="code-badge" href="{{CODE_URL}}" rel="nofollow noopener" title="Code: {{CODE_NAME}}">Code{{#STARS}} ★ {{STARS_COUNT}}{{/STARS}}</a>{{/CODE}}{{#SUBMITTED}} · submitted by {{#SUBMITTER_LINK}}<a href="/u/{{SUBMITTER_HANDLE}}" tabindex="-1">{{SUBMITTER_NAME}}</a>{{/SUBMITTER_LINK}}{{#SUBMITTER_TEXT}}{{SUBMITTER_NAME}}{{/SUBMITTER_TEXT}}{{/SUBMITTED}}
    </p>
    {{#WHY}}<p class="why">{{WHY_TEXT}}</p>{{/WHY}}
    {{#SNIPPET}}<p class="snippet">{{SNIPPET_HTML:none}}</p>{{/SNIPPET}}
    {{#PREVIEW}}<p class="preview math">{{PREVIEW_HTML:none}}</p>{{/PREVIEW}}
    {{#LIBRARY}}<div class="library-entry">Saved {{SAVED_DAY}}{{#TAG}} · <a class="tag" href="/library?tag={{TAG_PARAM}}">{{TAG_NAME}}</a>{{/TAG}}
      · <a href="/papers/{{ID_PATH}}#tags">Edit tags</a>
      · <form class="inline" action="/papers/{{ID_PATH}}/unsave" method="post"><input type="hidden" name="csrf" value="{{CSRF}}"><button type="submit" class="link" aria-label="Remove {{TITLE}} from your library">Remove</button></form></div>{{/LIBRARY}}
    {{#HIDE}}<form class="hide" action="/papers/{{ID_PATH}}/not-interested" method="post">
      <input type="hidden" name="csrf" value="{{CSRF}}">
      <button type="submit" class="link" aria-label="Not interested in {{TITLE}}" title="Hide it and recommend fewer like it">Not interested</button>
    </form>{{/HIDE}}
  </div>
  {{#THUMBNAIL}}<a class="thumb" href="/papers/{{ID_PATH}}" tabindex="-1" aria-hidden="true"><img src="{{THUMBNAIL_SRC}}" alt="" loading="lazy" width="90" height="116"></a>{{/THUMBNAIL}}
</article>
