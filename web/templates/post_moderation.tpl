{{%AUTOESCAPE context="HTML"}}<form class="inline-form" action="/moderation/posts/{{POST_ID}}" method="post">
      <input type="hidden" name="csrf" value="{{CSRF}}">
      <label>Reason <input name="reason" maxlength="1000"></label>
      {{#APPROVE}}<button type="submit" name="action" value="approve">Approve</button>{{/APPROVE}}
      {{#KEEP}}<button type="submit" name="action" value="keep">Keep</button>{{/KEEP}}
      <button type="submit" name="action" value="hide">Hide</button>
      <button type="submit" name="action" value="delete">Delete</button>
    </form>
