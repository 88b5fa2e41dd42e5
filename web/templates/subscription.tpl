{{%AUTOESCAPE context="HTML"}}<section class="form-page">
  <h1>Your digest</h1>
  <p>Mail to <strong>{{EMAIL}}</strong>. {{#ACCOUNT}}Linked to your account: papers for you, your saved-search alerts and what you follow can go in.{{/ACCOUNT}}{{#NO_ACCOUNT}}Sign up with this address to add papers for you, saved-search alerts and follows.{{/NO_ACCOUNT}}</p>
  {{#ERROR}}<p class="error" role="alert">{{ERROR_TEXT}}</p>{{/ERROR}}
  {{#NOTICE}}<p class="notice" role="status">{{NOTICE_TEXT}}</p>{{/NOTICE}}
  <form action="/subscription?token={{TOKEN}}" method="post" class="preferences">
    <fieldset><legend>How often</legend>
      <label><input type="radio" name="frequency" value="daily" {{#DAILY}}checked{{/DAILY}}> Daily</label>
      <label><input type="radio" name="frequency" value="weekly" {{#WEEKLY}}checked{{/WEEKLY}}> Weekly (Mondays)</label>
    </fieldset>
    <p><label for="f-hour">Send at (hour, your time)</label>
      <select id="f-hour" name="hour">{{#HOUR}}<option value="{{HOUR_VALUE}}" {{#HOUR_SELECTED}}selected{{/HOUR_SELECTED}}>{{HOUR_LABEL}}</option>{{/HOUR}}</select></p>
    <p><label for="f-offset">Your time zone (offset from UTC)</label>
      <select id="f-offset" name="utc_offset">{{#OFFSET}}<option value="{{OFFSET_VALUE}}" {{#OFFSET_SELECTED}}selected{{/OFFSET_SELECTED}}>{{OFFSET_LABEL}}</option>{{/OFFSET}}</select></p>
    <fieldset><legend>What goes in</legend>
      {{#SECTION}}<label><input type="checkbox" name="section" value="{{SECTION_KEY}}" {{#SECTION_ON}}checked{{/SECTION_ON}}> {{SECTION_LABEL}}</label>{{/SECTION}}
    </fieldset>
    <p><label><input type="checkbox" name="send_empty" value="1" {{#SEND_EMPTY}}checked{{/SEND_EMPTY}}> Send a digest even when nothing is new</label></p>
    <p><button type="submit">Save</button></p>
  </form>
  <p class="hint"><a href="/unsubscribe?token={{TOKEN}}">Unsubscribe</a></p>
</section>
