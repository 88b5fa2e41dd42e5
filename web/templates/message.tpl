{{%AUTOESCAPE context="HTML"}}<section class="form-page">
  <h1>{{HEADING}}</h1>
  <p>{{TEXT}}</p>
  {{#BACK}}<p><a href="{{BACK_URL}}">{{BACK_LABEL}}</a></p>{{/BACK}}
</section>
