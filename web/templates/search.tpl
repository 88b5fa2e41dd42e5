{{%AUTOESCAPE context="HTML"}}<section class="listing">
  <form class="search-page" action="/search" method="get" role="search">
    <h1><label for="q">Search papers</label></h1>
    <input id="q" name="q" type="search" value="{{QUERY}}" autofocus>
    <select name="mode" aria-label="Ranking">{{#MODE}}<option value="{{MODE_VALUE}}"{{#MODE_SELECTED}} selected{{/MODE_SELECTED}}>{{MODE_LABEL}}</option>{{/MODE}}</select>
    <select name="sort" aria-label="Order">{{#SORT}}<option value="{{SORT_VALUE}}"{{#SORT_SELECTED}} selected{{/SORT_SELECTED}}>{{SORT_LABEL}}</option>{{/SORT}}</select>
    <button type="submit">Search</button>
  </form>
  <p class="hint">Words, "phrases", AND/OR/NOT, -word, title:, author:, cat:cs.CL, from:2024-01 to:2024-06.</p>
  {{#CORRECTED}}<p class="did-you-mean" role="status">Showing results for <a href="{{CORRECTED_URL}}"><strong>{{CORRECTED_QUERY}}</strong></a>. <a href="{{ORIGINAL_URL}}">Search instead for <em>{{ORIGINAL_QUERY}}</em></a> (a word of it is in no paper).</p>{{/CORRECTED}}
  {{#DID_YOU_MEAN}}<p class="did-you-mean" role="status">Did you mean <a href="{{SUGGESTED_URL}}"><strong>{{SUGGESTED_QUERY}}</strong></a>?</p>{{/DID_YOU_MEAN}}
  {{#EXPANDED}}<p class="expansion">Also searched, as papers here define it: {{EXPANSION_TEXT}}.</p>{{/EXPANDED}}
  {{#NAMES_AUTHOR}}<p class="did-you-mean" role="status">Your search names an author. Meaning (vectors) compares what papers are about, not who wrote them: <a href="{{BY_WORDS_URL}}">search the same words as words</a> to find their papers.</p>{{/NAMES_AUTHOR}}
  {{#UNKNOWN_TO_MODEL}}<p class="did-you-mean" role="status">The model behind meaning search knows none of these words, so no paper is near them: <a href="{{BY_WORDS_URL}}">search them as words</a>.</p>{{/UNKNOWN_TO_MODEL}}
  {{#ERROR}}<p class="error" role="alert">{{ERROR_TEXT}}</p>{{/ERROR}}
  {{#SUMMARY}}<p class="summary">{{TOTAL_TEXT}} ({{MILLIS}} ms, {{USED_MODE}}){{#RANGE}}, showing {{FIRST}}–{{LAST}}{{/RANGE}}. <a href="/feeds/search.atom?q={{QUERY_PARAM}}">Atom</a> · <a href="/export/search.bib?q={{QUERY_PARAM}}">BibTeX</a></p>{{/SUMMARY}}
  {{#SAVE_SEARCH}}<form class="save-search" action="/searches" method="post"><input type="hidden" name="csrf" value="{{CSRF}}"><input type="hidden" name="q" value="{{QUERY}}"><button type="submit" class="link">Save this search</button>{{#MAIL}} <label><input type="checkbox" name="alert" value="1" checked> alert me of new matches by mail</label>{{/MAIL}}</form>{{/SAVE_SEARCH}}{{#MAIL_OFFER}}<form class="subscribe-offer" action="/subscribe" method="post"><input type="hidden" name="csrf" value="{{CSRF}}"><input type="hidden" name="email" value="{{OFFER_EMAIL}}">{{#OFFER_PENDING}}Alerts of new matches come with the mail digest: confirm the subscription of {{OFFER_EMAIL}} from the mail we sent, or <button type="submit" class="link">send it again</button>.{{/OFFER_PENDING}}{{#OFFER_NEW}}Alerts of new matches come with the mail digest, which {{OFFER_EMAIL}} does not get. <button type="submit" class="link">Subscribe {{OFFER_EMAIL}}</button>{{/OFFER_NEW}}</form>{{/MAIL_OFFER}}
  {{#PAPER}}{{>CARD}}{{/PAPER}}
  <nav class="pager" aria-label="Result pages">
    {{#PREV}}<a rel="prev" href="{{PREV_URL}}">← Previous</a>{{/PREV}}
    {{#NEXT}}<a rel="next" href="{{NEXT_URL}}">Next →</a>{{/NEXT}}
  </nav>
</section>
