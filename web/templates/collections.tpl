{{%AUTOESCAPE context="HTML"}}<section class="listing collections">
  <div class="listing-head">
    <h1>Your collections</h1>
    <p class="hint">Papers in an order you choose, with a note on each: a reading list, a syllabus, a lab's picks. Public ones have a page, an Atom feed, BibTeX and RIS; private ones are yours (or your organisation's) alone.</p>
  </div>
  <details class="create-collection" open><summary>New collection</summary>
    <form action="/collections" method="post">
      <input type="hidden" name="csrf" value="{{CSRF}}">
      <p><label for="collection-title">Title</label> <input id="collection-title" name="title" required maxlength="150"></p>
      <p><label for="collection-description">Description</label> <textarea id="collection-description" name="description" rows="2" maxlength="2000"></textarea></p>
      <p><label for="collection-owner">Kept by</label> <select id="collection-owner" name="owner"><option value="">you</option>{{#ORG_OWNER}}<option value="{{OWNER_NAME}}">{{OWNER_FULLNAME}} (its members)</option>{{/ORG_OWNER}}</select>
        <label><input type="checkbox" name="private" value="1"> Private</label></p>
      <p><button type="submit">Create</button></p>
    </form>
  </details>
  {{#NONE}}<p class="empty">No collections yet.</p>{{/NONE}}
  <ul class="collection-list">{{#COLLECTION}}<li><a href="{{COLLECTION_PATH}}">{{COLLECTION_TITLE}}</a>{{#PRIVATE}} <span class="badge">private</span>{{/PRIVATE}} · <span class="hint">{{COLLECTION_OWNER}} · {{COLLECTION_COUNT}}</span></li>{{/COLLECTION}}</ul>
</section>
