{{%AUTOESCAPE context="HTML"}}<section class="listing collection">
  <div class="listing-head">
    <h1>{{COLLECTION_TITLE}}{{#PRIVATE}} <span class="badge">private</span>{{/PRIVATE}}</h1>
    <p class="hint">A collection by <a href="{{OWNER_PATH}}">{{OWNER_NAME}}</a> · {{COUNT}}{{#FEEDS}} · <a href="{{COLLECTION_PATH}}.atom">Atom</a> · <a href="{{COLLECTION_PATH}}.bib">BibTeX</a> · <a href="{{COLLECTION_PATH}}.ris">RIS</a>{{/FEEDS}}</p>
    {{#DESCRIPTION}}<p class="about">{{DESCRIPTION_TEXT}}</p>{{/DESCRIPTION}}
    {{#EDIT}}<details class="edit-collection"><summary>Edit</summary>
      <form action="{{COLLECTION_PATH}}/edit" method="post">
        <input type="hidden" name="csrf" value="{{CSRF}}">
        <p><label for="edit-title">Title</label> <input id="edit-title" name="title" value="{{EDIT_TITLE}}" required maxlength="150"></p>
        <p><label for="edit-description">Description</label> <textarea id="edit-description" name="description" rows="2" maxlength="2000">{{EDIT_DESCRIPTION}}</textarea></p>
        <p><label><input type="checkbox" name="private" value="1"{{#EDIT_PRIVATE}} checked{{/EDIT_PRIVATE}}> Private</label> <button type="submit">Save</button></p>
      </form>
      <form action="{{COLLECTION_PATH}}/delete" method="post"><input type="hidden" name="csrf" value="{{CSRF}}"><button type="submit" class="link">Delete this collection</button></form>
    </details>{{/EDIT}}
  </div>
  {{#EMPTY}}<p class="empty">{{EMPTY_TEXT}}</p>{{/EMPTY}}
  <ol class="collection-items">{{#ENTRY}}<li id="item-{{PAPER_ID}}" data-entry="{{PAPER_ID}}"{{#MOVED}} class="moved"{{/MOVED}}>
    {{#MOVED}}<p class="notice" role="status">{{MOVED_TEXT}}</p>{{/MOVED}}
    {{#NOTE}}<p class="collection-note">{{NOTE_TEXT}}</p>{{/NOTE}}
    {{#PAPER}}{{>CARD}}{{/PAPER}}
    {{#TOOLS}}<div class="collection-tools">
      {{#UP}}<form class="inline" action="{{COLLECTION_PATH}}/items/move" method="post"><input type="hidden" name="csrf" value="{{CSRF}}"><input type="hidden" name="paper" value="{{PAPER_ID}}"><input type="hidden" name="position" value="{{UP_POSITION}}"><button type="submit" class="link move-up" aria-label="Move {{TITLE}} up">Move up</button></form>{{/UP}}
      {{#DOWN}}<form class="inline" action="{{COLLECTION_PATH}}/items/move" method="post"><input type="hidden" name="csrf" value="{{CSRF}}"><input type="hidden" name="paper" value="{{PAPER_ID}}"><input type="hidden" name="position" value="{{DOWN_POSITION}}"><button type="submit" class="link move-down" aria-label="Move {{TITLE}} down">Move down</button></form>{{/DOWN}}
      <form class="inline" action="{{COLLECTION_PATH}}/items/remove" method="post"><input type="hidden" name="csrf" value="{{CSRF}}"><input type="hidden" name="paper" value="{{PAPER_ID}}"><button type="submit" class="link" aria-label="Remove {{TITLE}} from the collection">Remove</button></form>
    </div>{{/TOOLS}}
  </li>{{/ENTRY}}</ol>
</section>
