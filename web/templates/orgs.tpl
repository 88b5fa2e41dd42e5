{{%AUTOESCAPE context="HTML"}}<section class="listing orgs">
  <div class="listing-head">
    <h1>Organisations</h1>
    <p class="hint">Labs, companies and teams: the Hugging Face daily lists' own, and those created here. Most papers first.</p>
  </div>
  {{#CREATE}}<details class="create-org"{{#CREATE_OPEN}} open{{/CREATE_OPEN}}><summary>Create an organisation</summary>
    <form action="/orgs" method="post">
      <input type="hidden" name="csrf" value="{{CSRF}}">
      <p><label for="org-name">Name (its address: /orgs/name)</label> <input id="org-name" name="name" value="{{NAME_VALUE}}"{{#CREATE_PROBLEM}} aria-invalid="true" aria-describedby="org-problem"{{/CREATE_PROBLEM}} required minlength="2" maxlength="32" pattern="[A-Za-z0-9][A-Za-z0-9_\-]*"></p>
      <p><label for="org-fullname">Display name</label> <input id="org-fullname" name="fullname" value="{{FULLNAME_VALUE}}" maxlength="100"></p>
      <p><label for="org-about">About</label> <textarea id="org-about" name="about" rows="3" maxlength="2000">{{ABOUT_VALUE}}</textarea></p>
      {{#CREATE_PROBLEM}}<p class="error" id="org-problem" role="alert">{{CREATE_PROBLEM_TEXT}}</p>{{/CREATE_PROBLEM}}
      <p><button type="submit">Create</button> <span class="hint">You become its admin.</span></p>
    </form>
  </details>{{/CREATE}}
  {{#NONE}}<p class="empty">No organisations yet.</p>{{/NONE}}
  <ul class="org-list">{{#ORG}}<li><a href="{{ORG_PATH}}">{{ORG_FULLNAME}}</a> <span class="handle">{{ORG_NAME}}</span> · <span class="hint">{{ORG_COUNTS}}</span></li>{{/ORG}}</ul>
  {{#NEXT}}<p><a href="{{NEXT_URL}}">More organisations</a></p>{{/NEXT}}
</section>
