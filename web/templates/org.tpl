{{%AUTOESCAPE context="HTML"}}<section class="listing org" data-org="{{ORG_NAME}}">
  <div class="listing-head">
    <h1><span class="org-mark" aria-hidden="true">{{ORG_INITIAL}}</span> {{ORG_FULLNAME}} <span class="handle">{{ORG_NAME}}</span></h1>
    <p class="hint">{{ORIGIN}} · {{COUNTS}}</p>
    {{#ABOUT}}<p class="about">{{ABOUT_TEXT}}</p>{{/ABOUT}}
    {{#PROBLEM}}<p class="error" role="alert">{{PROBLEM_TEXT}}</p>{{/PROBLEM}}
    {{#INVITED}}<form class="invitation notice" action="{{ORG_PATH}}/invitation" method="post"><input type="hidden" name="csrf" value="{{CSRF}}">You are invited to join as {{INVITED_ROLE}}. <button type="submit" name="accept" value="1">Join</button> <button type="submit" name="accept" value="0" class="link">Decline</button></form>{{/INVITED}}
    {{#VERIFY}}<form class="inline" action="{{ORG_PATH}}/verify" method="post"><input type="hidden" name="csrf" value="{{CSRF}}"><input type="hidden" name="on" value="{{VERIFY_ON}}"><button type="submit" class="link">{{VERIFY_LABEL}}</button> <span class="hint">{{VERIFY_HINT}}</span></form>{{/VERIFY}}
    {{#FOLLOW}}<form class="follow" action="/follow" method="post"><input type="hidden" name="csrf" value="{{CSRF}}"><input type="hidden" name="kind" value="{{FOLLOW_KIND}}"><input type="hidden" name="value" value="{{FOLLOW_VALUE}}"><input type="hidden" name="on" value="{{FOLLOW_ON}}"><input type="hidden" name="next" value="{{ORG_PATH}}"><button type="submit">{{FOLLOW_LABEL}}</button> <span class="hint">Followed organisations' papers come into For you and your digest.</span></form>{{/FOLLOW}}
    <nav class="views" aria-label="Order"><a href="{{ORG_PATH}}" {{#NEWEST}}aria-current="true"{{/NEWEST}}>Newest</a> <a href="{{ORG_PATH}}?sort=votes" {{#BY_VOTES}}aria-current="true"{{/BY_VOTES}}>Most upvoted</a> · <a href="/api/daily_papers?organization={{ORG_NAME:u}}">JSON</a></nav>
  </div>
  <div class="org-columns">
    <div class="org-papers">
      {{#EMPTY}}<p class="empty">{{EMPTY_TEXT}}</p>{{/EMPTY}}
      {{#PAPER}}{{>CARD}}{{/PAPER}}
      {{#NEXT}}<p><a href="{{NEXT_URL}}">More papers</a></p>{{/NEXT}}
    </div>
    <aside class="org-members" id="members">
      <h2>Members</h2>
      {{#NO_MEMBERS}}<p class="hint">No members yet. A moderator can add the organisation's people.</p>{{/NO_MEMBERS}}
      <ul>{{#MEMBER}}<li><a href="/u/{{MEMBER_HANDLE}}">{{MEMBER_NAME}}</a> <span class="handle">@{{MEMBER_HANDLE}}</span>{{#MEMBER_ADMIN}} <span class="badge">admin</span>{{/MEMBER_ADMIN}}
        {{#REMOVE}}<form class="inline" action="{{ORG_PATH}}/members/remove" method="post"><input type="hidden" name="csrf" value="{{CSRF}}"><input type="hidden" name="handle" value="{{MEMBER_HANDLE}}"><button type="submit" class="link">{{REMOVE_LABEL}}</button></form>{{/REMOVE}}</li>{{/MEMBER}}</ul>
      {{#COLLECTIONS}}<h2>Collections</h2><ul class="collection-list">{{#COLLECTION}}<li><a href="/collections/{{COLLECTION_ID}}">{{COLLECTION_TITLE}}</a>{{#PRIVATE}} <span class="badge">private</span>{{/PRIVATE}} · <span class="hint">{{COLLECTION_COUNT}}</span></li>{{/COLLECTION}}</ul>{{/COLLECTIONS}}
      {{#MANAGE}}<form class="add-member" action="{{ORG_PATH}}/members" method="post">
        <input type="hidden" name="csrf" value="{{CSRF}}">
        <label for="member-handle">Add a member or change a role</label>
        <input id="member-handle" name="handle" value="{{HANDLE_VALUE}}" placeholder="@handle"{{#MEMBER_PROBLEM}} aria-invalid="true" aria-describedby="member-problem"{{/MEMBER_PROBLEM}} required>
        <select name="role" aria-label="Role"><option value="member">member</option><option value="admin"{{#ROLE_ADMIN}} selected{{/ROLE_ADMIN}}>admin</option></select>
        <button type="submit">Save</button>
        {{#MEMBER_PROBLEM}}<p class="error" id="member-problem" role="alert">{{MEMBER_PROBLEM_TEXT}}</p>{{/MEMBER_PROBLEM}}
      </form>
      <details{{#ABOUT_OPEN}} open{{/ABOUT_OPEN}}><summary>Edit the page</summary><form action="{{ORG_PATH}}/about" method="post">
        <input type="hidden" name="csrf" value="{{CSRF}}">
        <p><label for="org-fullname">Display name</label> <input id="org-fullname" name="fullname" value="{{FULLNAME_VALUE}}" maxlength="100"></p>
        <p><label for="org-about">About</label> <textarea id="org-about" name="about" rows="4" maxlength="2000">{{ABOUT_VALUE}}</textarea></p>
        {{#ABOUT_PROBLEM}}<p class="error" role="alert">{{ABOUT_PROBLEM_TEXT}}</p>{{/ABOUT_PROBLEM}}
        <p><button type="submit">Save</button></p>
      </form></details>{{/MANAGE}}
    </aside>
  </div>
</section>
