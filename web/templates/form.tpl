{{%AUTOESCAPE context="HTML"}}<section class="form-page">
  <h1>{{HEADING}}</h1>
  {{#INTRO}}<p>{{INTRO_TEXT}}</p>{{/INTRO}}
  {{#ERROR}}<p class="error" role="alert">{{ERROR_TEXT}}</p>{{/ERROR}}
  {{#NOTICE}}<p class="notice" role="status">{{NOTICE_TEXT}}</p>{{/NOTICE}}
  {{#SECRET}}<pre class="secret" id="secret">{{SECRET_TEXT}}</pre>{{/SECRET}}
  <form action="{{ACTION}}" method="post">
    <input type="hidden" name="csrf" value="{{CSRF}}">
    {{#NEXT}}<input type="hidden" name="next" value="{{NEXT_PATH}}">{{/NEXT}}
    {{#VOTE}}<input type="hidden" name="vote" value="{{VOTE_ID}}">{{/VOTE}}
    {{#FIELD}}<p><label for="f-{{FIELD_NAME}}">{{FIELD_LABEL}}</label>
      <input id="f-{{FIELD_NAME}}" name="{{FIELD_NAME}}" type="{{FIELD_TYPE}}" value="{{FIELD_VALUE}}" autocomplete="{{FIELD_AUTOCOMPLETE}}" required></p>{{/FIELD}}
    <p><button type="submit">{{SUBMIT_LABEL}}</button></p>
  </form>
  {{#FOOTNOTE}}<p class="hint">{{FOOTNOTE_TEXT}} <a href="{{FOOTNOTE_URL}}">{{FOOTNOTE_LINK}}</a></p>{{/FOOTNOTE}}
  {{#TOKENS}}<h2>Your API tokens</h2><ul class="tokens">{{#TOKEN}}<li>{{TOKEN_LABEL}} (created {{TOKEN_CREATED}})
    <form action="/settings/tokens/revoke" method="post" class="inline"><input type="hidden" name="csrf" value="{{CSRF}}"><input type="hidden" name="token" value="{{TOKEN_HASH}}"><button type="submit" class="link">Revoke</button></form></li>{{/TOKEN}}</ul>{{/TOKENS}}
</section>
