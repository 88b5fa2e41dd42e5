{{%AUTOESCAPE context="HTML"}}<form class="subscribe" action="/subscribe" method="post">
  <input type="hidden" name="csrf" value="{{CSRF}}">
  <label for="subscribe-email">Get trending papers in your inbox, once a day</label>
  <input id="subscribe-email" name="email" type="email" value="{{SUBSCRIBE_EMAIL}}" placeholder="you@example.org" autocomplete="email" required>
  <button type="submit">Subscribe</button>
</form>
