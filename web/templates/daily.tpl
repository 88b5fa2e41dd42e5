{{%AUTOESCAPE context="HTML"}}<section class="listing">
  <div class="listing-head">
    <h1>{{HEADING}}</h1>
    <nav class="pager" aria-label="Days">
      {{#PREV}}<a rel="prev" href="{{PREV_URL}}">← {{PREV_LABEL}}</a>{{/PREV}}
      {{#NEXT}}<a rel="next" href="{{NEXT_URL}}">{{NEXT_LABEL}} →</a>{{/NEXT}}
    </nav>
    <nav class="views" aria-label="Views">
      <a href="{{DAY_URL}}" {{#VIEW_DAY}}aria-current="page"{{/VIEW_DAY}}>Day</a>
      <a href="{{WEEK_URL}}" {{#VIEW_WEEK}}aria-current="page"{{/VIEW_WEEK}}>Week</a>
      <a href="{{MONTH_URL}}" {{#VIEW_MONTH}}aria-current="page"{{/VIEW_MONTH}}>Month</a>
      <span class="sep">|</span>
      <a href="{{SORT_VOTES_URL}}" {{#SORT_VOTES}}aria-current="true"{{/SORT_VOTES}}>Most votes</a>
      <a href="{{SORT_TIME_URL}}" {{#SORT_TIME}}aria-current="true"{{/SORT_TIME}}>Newest</a>
    </nav>
    {{#SUBSCRIBE}}{{>SUBSCRIBE_BOX}}{{/SUBSCRIBE}}
  </div>
  {{#EMPTY}}<p class="empty">No papers were listed {{EMPTY_SPAN}}.</p>{{/EMPTY}}
  {{#PAPER}}{{>CARD}}{{/PAPER}}
  <nav class="pager" aria-label="Pages">
    {{#LESS}}<a rel="prev" href="{{LESS_URL}}">← Previous papers</a> <span class="sep">page {{PAGE_NUMBER}}</span>{{/LESS}}
    {{#MORE}}<a rel="next" href="{{MORE_URL}}">More papers →</a>{{/MORE}}
  </nav>
</section>
