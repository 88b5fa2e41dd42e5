{{%AUTOESCAPE context="HTML"}}<article class="post-item" id="comment-{{POST_ID}}" data-comment="{{POST_ID}}">
  <p class="post-head">{{#AUTHOR_LINK}}<a class="who" href="/u/{{HANDLE}}"><bdi>{{AUTHOR_NAME}}</bdi></a> <span class="handle">@{{HANDLE}}</span>{{/AUTHOR_LINK}}{{#NO_AUTHOR}}<span class="who">a deleted account</span>{{/NO_AUTHOR}}
    · <time datetime="{{CREATED_ISO}}">{{CREATED_TEXT}}</time>{{#EDITED}} · <span class="edited" title="edited {{EDITED_TEXT}}">edited</span>{{/EDITED}}{{#HELD}} · <span class="badge">awaiting review</span>{{/HELD}}</p>
  {{#WORDS}}<div class="post-body math" dir="auto">{{BODY_HTML:none}}</div>{{/WORDS}}
  {{#GONE}}<p class="post-gone">{{GONE_TEXT}}</p>{{/GONE}}
  {{#ACTIONS}}<div class="post-actions">
    {{#LIKE}}<form class="inline" action="/comments/{{POST_ID}}/like" method="post"><input type="hidden" name="csrf" value="{{CSRF}}"><input type="hidden" name="on" value="{{LIKE_ON}}"><button type="submit" class="link" aria-pressed="{{LIKED}}" aria-label="Like this comment">♥ {{LIKES}}</button></form>{{/LIKE}}
    {{#REPLY}}<details class="reply"><summary>Reply</summary><form class="post-form" action="/papers/{{ID_PATH}}/comments" method="post"><input type="hidden" name="csrf" value="{{CSRF}}"><input type="hidden" name="parent" value="{{POST_ID}}"><label for="reply-{{POST_ID}}">Your reply</label><textarea id="reply-{{POST_ID}}" name="text" rows="3" maxlength="20000" required></textarea><button type="submit">Reply</button></form></details>{{/REPLY}}
    {{#EDIT}}<details class="edit"><summary>Edit</summary><form class="post-form" action="/comments/{{POST_ID}}/edit" method="post"><input type="hidden" name="csrf" value="{{CSRF}}"><label for="edit-{{POST_ID}}">Your comment</label><textarea id="edit-{{POST_ID}}" name="text" rows="4" maxlength="20000" required>{{BODY}}</textarea><button type="submit">Save</button></form></details>{{/EDIT}}
    {{#DELETE}}<form class="inline" action="/comments/{{POST_ID}}/delete" method="post"><input type="hidden" name="csrf" value="{{CSRF}}"><button type="submit" class="link">Delete</button></form>{{/DELETE}}
    {{#REPORT}}<details class="report"><summary>Report</summary><form action="/comments/{{POST_ID}}/report" method="post"><input type="hidden" name="csrf" value="{{CSRF}}"><label for="report-{{POST_ID}}">What is wrong with it?</label><input id="report-{{POST_ID}}" name="reason" maxlength="1000" required><button type="submit">Report</button></form></details>{{/REPORT}}
  </div>{{/ACTIONS}}
</article>
