{{%AUTOESCAPE context="HTML"}}<section class="discussion" id="discussion" aria-labelledby="discussion-title">
  <h2 id="discussion-title">Discussion <span class="count">({{COUNT}} {{COUNT_WORD}})</span></h2>
  {{#NOTICE}}<p class="notice" role="status">{{NOTICE_TEXT}}</p>{{/NOTICE}}
  <div class="discussion-tools">Sort by {{#SORT}}<a href="/papers/{{ID_PATH}}?comments={{SORT_KEY}}#discussion"{{#SORT_CURRENT}} aria-current="true"{{/SORT_CURRENT}}>{{SORT_LABEL}}</a>{{#SORT_separator}} · {{/SORT_separator}}{{/SORT}}
  {{#FOLLOW}} · <form class="inline" action="/papers/{{ID_PATH}}/follow-discussion" method="post"><input type="hidden" name="csrf" value="{{CSRF}}"><input type="hidden" name="on" value="{{FOLLOW_ON}}"><button type="submit" class="link">{{FOLLOW_LABEL}}</button></form>{{#REPLIES_FEED}} · <a href="{{REPLIES_FEED_URL}}">Atom feed of new comments (private link)</a>{{/REPLIES_FEED}}{{/FOLLOW}}</div>
  {{#NEW_POST}}<form class="post-form" action="/papers/{{ID_PATH}}/comments" method="post">
    <input type="hidden" name="csrf" value="{{CSRF}}">
    {{#PARENT}}<input type="hidden" name="parent" value="{{PARENT_ID}}">{{/PARENT}}
    <label for="new-comment">{{FORM_LABEL}}</label>
    <textarea id="new-comment" name="text" rows="4" maxlength="20000" required{{#PROBLEM}} aria-invalid="true" aria-describedby="post-problem"{{/PROBLEM}}>{{DRAFT}}</textarea>
    {{#PROBLEM}}<p class="error" id="post-problem" role="alert">Not posted. {{PROBLEM_TEXT}}</p>{{/PROBLEM}}
    <p><button type="submit">Comment</button> <span class="hint">Markdown, and math between $ signs</span></p>
  </form>{{/NEW_POST}}
  {{#SIGN_IN}}<p><a href="/signin?next={{NEXT}}">Sign in</a> to join the discussion.</p>{{/SIGN_IN}}
  {{#EMPTY}}<p class="empty">No comments yet.</p>{{/EMPTY}}
  <ol class="posts">{{#POST}}<li class="post">{{>POST_ITEM}}{{#REPLIES}}<ol class="replies">{{#REPLY_ITEM}}<li class="post">{{>POST_ITEM}}</li>{{/REPLY_ITEM}}</ol>{{/REPLIES}}</li>{{/POST}}</ol>
  {{#MORE}}<p><a href="/papers/{{ID_PATH}}?comments={{SORT_NOW}}&amp;comments_p={{NEXT_PAGE}}#discussion">More comments</a></p>{{/MORE}}
</section>
