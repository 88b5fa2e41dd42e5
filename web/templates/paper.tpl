{{%AUTOESCAPE context="HTML"}}<article class="paper" data-paper="{{ID}}">
  {{#THUMBNAIL}}<img class="first-page" src="{{THUMBNAIL_SRC}}" alt="The first page of the paper" width="155" height="200">{{/THUMBNAIL}}
  <h1 class="math">{{TITLE_HTML:none}}</h1>
  {{#AI_SUMMARY}}<div class="ai-summary"><p><span class="math">{{AI_SUMMARY_HTML:none}}</span> <span class="hint">AI summary by {{AI_MODEL}}</span></p>
    {{#KEYWORD}}<a class="keyword" href="/search?q={{KEYWORD_QUERY}}">{{KEYWORD_TEXT}}</a> {{/KEYWORD}}</div>{{/AI_SUMMARY}}
  <p class="authors" id="authors">{{#AUTHOR}}<a href="{{AUTHOR_HREF}}"{{#CLAIMED}} class="claimed" title="@{{AUTHOR_HANDLE}}"{{/CLAIMED}}>{{AUTHOR_NAME}}</a>{{#CLAIMED}}<span class="claimed-mark" aria-label="claimed by @{{AUTHOR_HANDLE}}"> ✓</span>{{/CLAIMED}}{{#AUTHOR_separator}}, {{/AUTHOR_separator}}{{/AUTHOR}}</p>
  {{#SUBMITTED}}<p class="submitted-by">Submitted by {{#SUBMITTER_LINK}}<a href="/u/{{SUBMITTER_HANDLE}}">{{SUBMITTER_NAME}}</a>{{/SUBMITTER_LINK}}{{#SUBMITTER_TEXT}}{{SUBMITTER_NAME}}{{/SUBMITTER_TEXT}}</p>{{/SUBMITTED}}
  {{#SUBMITTED_NOTICE}}<p class="notice" role="status">Thank you: the paper is on the daily list of <a href="/papers/date/{{LISTED_DAY}}">{{LISTED_DAY}}</a>.</p>{{/SUBMITTED_NOTICE}}
  {{#CLAIMED_NOTICE}}<p class="notice" role="status">Your claim waits for a moderator; the paper joins your profile once it is approved.</p>{{/CLAIMED_NOTICE}}
  {{#CLAIM}}<details class="claim"><summary>Are you an author?</summary>
    <form action="/papers/{{ID_PATH}}/claim" method="post">
      <input type="hidden" name="csrf" value="{{CSRF}}">
      <label for="claim-position">I am</label>
      <select id="claim-position" name="position">{{#CLAIM_AUTHOR}}<option value="{{CLAIM_POSITION}}">{{CLAIM_NAME}} (author {{CLAIM_POSITION}})</option>{{/CLAIM_AUTHOR}}</select>
      <button type="submit">Claim</button>
      <span class="hint">A moderator approves claims; the paper then shows on your profile.</span>
    </form>
  </details>{{/CLAIM}}
  <p class="meta">
    {{#PUBLISHED}}Published <time datetime="{{PUBLISHED_DAY}}">{{PUBLISHED_DAY}}</time>{{/PUBLISHED}}
    {{#HUB_DAY}} · on the daily list of <a href="/papers/date/{{HUB_DAY_VALUE}}">{{HUB_DAY_VALUE}}</a>{{/HUB_DAY}}
    {{#VERSION}} · v{{VERSION_NUMBER}}{{/VERSION}}
    {{#ORGANIZATION}} · <a class="org" href="{{ORGANIZATION_PATH}}">{{ORGANIZATION_NAME}}</a>{{/ORGANIZATION}}
  </p>
  {{#ORG_FORM}}<details class="org-link"><summary>{{ORG_FORM_LABEL}}</summary>
    {{#ORG_CHOICES}}<form action="/papers/{{ID_PATH}}/organization" method="post" class="inline">
      <input type="hidden" name="csrf" value="{{CSRF}}">
      <label for="org-choice">Organisation</label>
      <select id="org-choice" name="organization">{{#ORG_CHOICE}}<option value="{{CHOICE_NAME}}">{{CHOICE_FULLNAME}} ({{CHOICE_NAME}})</option>{{/ORG_CHOICE}}</select>
      <button type="submit">Link</button>
    </form>{{/ORG_CHOICES}}
    {{#ORG_UNLINK}}<form action="/papers/{{ID_PATH}}/organization" method="post" class="inline">
      <input type="hidden" name="csrf" value="{{CSRF}}"><input type="hidden" name="organization" value="">
      <button type="submit" class="link">Unlink from {{ORGANIZATION_NAME}}</button>
    </form>{{/ORG_UNLINK}}
  </details>{{/ORG_FORM}}
  <div class="actions">
    <form class="vote" action="/papers/{{ID_PATH}}/vote" method="post">
      <input type="hidden" name="csrf" value="{{CSRF}}">
      <input type="hidden" name="action" value="{{VOTE_ACTION}}">
      <button type="submit" aria-pressed="{{VOTED}}" title="Upvote">▲ Upvote</button>
      <span class="count">{{UPVOTES}}</span><span class="visually-hidden"> upvotes</span>
    </form>
    {{#SAVE}}<form class="save" action="/papers/{{ID_PATH}}/save" method="post">
      <input type="hidden" name="csrf" value="{{CSRF}}">
      <label for="tags">Tags</label>
      <input id="tags" name="tags" value="{{TAGS}}" placeholder="comma, separated"{{#SAVE_REFUSED}} aria-invalid="true" aria-describedby="save-problem"{{/SAVE_REFUSED}}>
      <button type="submit">{{SAVE_LABEL}}</button>
      {{#SAVE_REFUSED}}<p class="error" id="save-problem" role="alert">Not saved. {{SAVE_PROBLEM}}</p>{{/SAVE_REFUSED}}
    </form>
    {{#SAVED}}<form action="/papers/{{ID_PATH}}/unsave" method="post"><input type="hidden" name="csrf" value="{{CSRF}}"><button type="submit" class="link">Remove from library</button></form>{{/SAVED}}{{/SAVE}}
    {{#LINKS}}<a href="https://arxiv.org/abs/{{ID_PATH}}">arXiv</a> <a href="https://arxiv.org/pdf/{{ID_PATH}}">PDF</a>{{/LINKS}}
    {{#DOI}}<a href="https://doi.org/{{DOI_VALUE}}">DOI</a>{{/DOI}}
  </div>
  {{#ADD_TO_COLLECTION}}<details class="add-to-collection" id="collections"{{#OPEN}} open{{/OPEN}}><summary>Add to collection</summary>
    {{#ADDED_NOTICE}}<p class="notice" role="status">Added to <a href="/collections/{{ADDED_ID}}">{{ADDED_TITLE}}</a>.</p>{{/ADDED_NOTICE}}
    {{#CHOICES}}<form action="/collections/add" method="post">
      <input type="hidden" name="csrf" value="{{CSRF}}"><input type="hidden" name="paper" value="{{ID}}"><input type="hidden" name="next" value="/papers/{{ID_PATH}}#collections">
      <label for="collection-choice">Collection</label>
      <select id="collection-choice" name="collection">{{#CHOICE}}<option value="{{CHOICE_ID}}">{{CHOICE_TITLE}} ({{CHOICE_OWNER}})</option>{{/CHOICE}}</select>
      <label for="collection-note">Note</label> <input id="collection-note" name="note" maxlength="1000" placeholder="why it belongs there (optional)">
      <button type="submit">Add</button>
    </form>{{/CHOICES}}
    <p class="hint">{{#IN}}In {{#IN_COLLECTION}}<a href="/collections/{{IN_ID}}">{{IN_TITLE}}</a>{{#IN_COLLECTION_separator}}, {{/IN_COLLECTION_separator}}{{/IN_COLLECTION}}. {{/IN}}<a href="/collections">New collection</a></p>
  </details>{{/ADD_TO_COLLECTION}}
  {{#PAPER_LINKS}}<section class="paper-links" id="links" aria-label="Code and links"><ul>
    {{#CODE}}<li>Code: <a class="code-badge" href="{{CODE_URL}}" rel="nofollow noopener">{{CODE_NAME}}</a>{{#STARS}} ★ {{STARS_COUNT}}{{/STARS}}</li>{{/CODE}}
    {{#PROJECT_PAGE}}<li>Project page: <a href="{{PAGE_URL}}" rel="nofollow noopener">{{PAGE_URL}}</a></li>{{/PROJECT_PAGE}}
    {{#ARTIFACT}}<li>{{ARTIFACT_KIND}}: <a href="{{ARTIFACT_URL}}" rel="nofollow noopener">{{ARTIFACT_ID}}</a></li>{{/ARTIFACT}}
    {{#NO_LINKS}}<li class="hint">No code or project page known.</li>{{/NO_LINKS}}</ul>
    {{#EDIT_LINKS}}<details class="edit-links"><summary>Edit links</summary>
      <form action="/papers/{{ID_PATH}}/links" method="post">
        <input type="hidden" name="csrf" value="{{CSRF}}">
        <label for="github-repo">Code repository</label><input id="github-repo" name="github_repo" value="{{EDIT_CODE}}" placeholder="https://github.com/owner/name">
        <label for="project-page">Project page</label><input id="project-page" name="project_page" value="{{EDIT_PAGE}}" placeholder="https://…">
        <label for="models">Hub models</label><textarea id="models" name="models" rows="2" placeholder="org/name, one a line">{{EDIT_MODELS}}</textarea>
        <label for="datasets">Hub datasets</label><textarea id="datasets" name="datasets" rows="2">{{EDIT_DATASETS}}</textarea>
        <label for="spaces">Hub Spaces</label><textarea id="spaces" name="spaces" rows="2">{{EDIT_SPACES}}</textarea>
        <button type="submit">Save links</button>
      </form></details>{{/EDIT_LINKS}}
  </section>{{/PAPER_LINKS}}
  {{#CATEGORIES}}<ul class="cats" aria-label="Categories">{{#CATEGORY}}<li><span class="cat">{{CATEGORY_NAME}}</span>{{#FOLLOW}} <form class="follow inline" action="/follow" method="post"><input type="hidden" name="csrf" value="{{CSRF}}"><input type="hidden" name="kind" value="{{FOLLOW_KIND}}"><input type="hidden" name="value" value="{{FOLLOW_VALUE}}"><input type="hidden" name="on" value="{{FOLLOW_ON}}"><button type="submit" class="link">{{FOLLOW_LABEL}}<span class="visually-hidden"> {{FOLLOW_VALUE}}</span></button></form>{{/FOLLOW}}</li>{{/CATEGORY}}</ul>{{/CATEGORIES}}
  <h2>Abstract</h2>
  <p class="abstract math">{{ABSTRACT_HTML:none}}</p>
  {{#COMMENTS}}<p class="comments">Comments: {{COMMENTS_TEXT}}</p>{{/COMMENTS}}
  {{#JOURNAL}}<p class="comments">Journal reference: {{JOURNAL_TEXT}}</p>{{/JOURNAL}}
  {{#SIMILAR}}<h2>Similar papers</h2>
  <ul class="similar">{{#SIMILAR_PAPER}}<li><a class="math" href="/papers/{{SIMILAR_ID_PATH}}">{{SIMILAR_TITLE}}</a> <span class="by">{{SIMILAR_AUTHORS}}</span></li>{{/SIMILAR_PAPER}}</ul>{{/SIMILAR}}
  <h2>Cite</h2>
  <pre class="bibtex" id="bibtex">{{BIBTEX:pre_escape}}</pre>
  <p><button type="button" class="copy" data-copy="bibtex">Copy BibTeX</button>
     <a href="/export/papers/{{ID_PATH}}.bib">.bib</a> <a href="/export/papers/{{ID_PATH}}.ris">.ris</a></p>
  {{>DISCUSSION}}
</article>
