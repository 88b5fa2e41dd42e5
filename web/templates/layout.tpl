{{%AUTOESCAPE context="HTML"}}<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{TITLE}} · paperboy</title>
<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/static/paperboy.css">
{{#KATEX}}<link rel="stylesheet" href="/static/katex/katex.min.css">{{/KATEX}}
{{#FEED}}<link rel="alternate" type="application/atom+xml" title="{{FEED_TITLE}}" href="{{FEED_URL}}">{{/FEED}}
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header class="site">
  <a class="brand" href="/">paperboy</a>
  <nav aria-label="Main">
    <a href="/">Daily</a>
    <a href="/trending">Trending</a>
    <a href="/submit">Submit</a>
    <a href="/orgs">Organisations</a>
    {{#SIGNED_IN}}<a class="mine" href="/for-you">For you</a> <a class="mine" href="/library">Library</a> <a class="mine" href="/collections">Collections</a>{{/SIGNED_IN}}
    {{#MODERATOR}}<a href="/moderation">Moderation</a>{{/MODERATOR}}
  </nav>
  <form class="search" action="/search" method="get" role="search">
    <label class="visually-hidden" for="site-q">Search papers</label>
    <input id="site-q" name="q" type="search" value="{{QUERY}}" placeholder="Search papers ( / )" autocomplete="off">
  </form>
  <div class="account">
    {{#SIGNED_IN}}<a href="/settings" title="{{USER_NAME}}: settings">{{USER_NAME}}</a>
    <form action="/signout" method="post"><input type="hidden" name="csrf" value="{{CSRF}}"><button class="link">Sign out</button></form>{{/SIGNED_IN}}
    {{#SUSPENDED}}<span class="badge">Suspended</span>
    <form action="/signout" method="post"><input type="hidden" name="csrf" value="{{CSRF}}"><button class="link">Sign out</button></form>{{/SUSPENDED}}
    {{#ANONYMOUS}}<a href="/signin">Sign in</a> <a href="/signup">Sign up</a>{{/ANONYMOUS}}
  </div>
</header>
<main id="main" data-csrf="{{CSRF}}"{{#POSTED}} data-posted="1"{{/POSTED}}>
{{#SUSPENDED}}<div class="notice-bar" role="status">{{SUSPENDED_TEXT}}</div>{{/SUSPENDED}}
{{#HIDDEN_NOTICE}}<div class="notice-bar" id="notice" role="status">Hidden “{{HIDDEN_TITLE}}”: it will not be recommended to you.
  <form class="inline" action="/papers/{{HIDDEN_ID_PATH}}/not-interested" method="post"><input type="hidden" name="csrf" value="{{CSRF}}"><input type="hidden" name="undo" value="1"><button type="submit" class="link">Undo</button></form></div>{{/HIDDEN_NOTICE}}
{{BODY:none}}
</main>
<footer class="site">paperboy · <a href="/api/daily_papers">JSON API</a> · <a href="/feeds/daily.atom">Atom</a></footer>
{{#KATEX}}<script src="/static/katex/katex.min.js" defer></script>
<script src="/static/katex/contrib/auto-render.min.js" defer></script>{{/KATEX}}
<script src="/static/paperboy.js" defer></script>
</body>
</html>
