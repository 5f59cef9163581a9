/* 查验：在浏览器中按 data/verify-index.json 给出结论，不向任何服务器发送输入的内容。
 * 与 tools/govreg/identity.py、tools/govreg/verdict.py 是同一套规则（说明见 data/verify/），
 * 由测试用同一张用例表（tools/tests/data/identity-cases.json）在 Python 和 Chromium 中逐条核对。 */
(function () {
  "use strict";

  var DROP = /[\p{Cf}\p{Cc}\p{Zs}\p{Zl}\p{Zp}]/gu;
  var SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//;
  var SPLIT = /^[a-z][a-z0-9+.-]*:\/\/([^/?#\\]*)([\s\S]*)$/;
  var PORT = /:[0-9]*$/;
  var HOST = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/;
  var HOSTLIKE = /^[a-z0-9-]+(\.[a-z0-9-]+)+(:[0-9]+)?([/?#]|$)/i;
  var REASONS = {
    scheme: "只接受 http 或 https 链接",
    userinfo: "链接的域名前有“@”，真正打开的是“@”后面的 {host}",
    host: "链接的域名写法不正常",
    "unknown-domain": "{domain} 不是任何已登记平台的域名",
    "short-link": "这是{platform}的短链接，离线无法知道它指向哪个账号；请在浏览器中打开后，复制地址栏中的链接",
    "not-account": "这是{platform}的链接，但不是账号主页链接",
  };
  var MAX_SIMILAR = 5;
  var confusables = {};

  function visible(text) {
    return text.normalize("NFKC").replace(DROP, "");
  }
  function platformById(platforms, id) {
    for (var i = 0; i < platforms.length; i++) if (platforms[i].id === id) return platforms[i];
    return null;
  }
  function canonicalHandle(text, platform) {
    var out = visible(text);
    if (!platform || platform.handle_case !== "sensitive") out = out.toLowerCase();
    return out;
  }
  function canonicalName(text) {
    return visible(text).toLowerCase();
  }
  function mapChars(text) {
    var out = "";
    for (var c of text) out += Object.prototype.hasOwnProperty.call(confusables, c) ? confusables[c] : c;
    return out;
  }
  function skeleton(text) {
    return mapChars(mapChars(visible(text)).toLowerCase());
  }
  function stripDecorations(skel, decorations) {
    var words = Array.from(new Set(decorations.filter(Boolean).map(skeleton)));
    words.sort(function (a, b) { return Array.from(b).length - Array.from(a).length; });
    var cores = new Set();
    var todo = [skel];
    while (todo.length) {
      var current = todo.pop();
      words.forEach(function (word) {
        var candidates = [];
        if (current.startsWith(word)) candidates.push(current.slice(word.length));
        if (current.endsWith(word)) candidates.push(current.slice(0, current.length - word.length));
        candidates.forEach(function (core) {
          if (core && Array.from(core).length >= 2 && !cores.has(core)) {
            cores.add(core);
            todo.push(core);
          }
        });
      });
    }
    return cores;
  }
  // The registered domain, as the public suffix list gives it for the configured domains:
  // every domain in platforms.yaml is itself a registered domain (checked by the tests).
  function platformDomain(host, platforms) {
    for (var i = 0; i < platforms.length; i++) {
      var domains = platforms[i].domains || [];
      for (var j = 0; j < domains.length; j++) {
        var d = domains[j];
        if (host === d || host.endsWith("." + d)) return d;
      }
    }
    return null;
  }
  function lastLabels(host) {
    var parts = host.split(".");
    return parts.slice(-2).join(".");
  }
  function queryValue(query, name) {
    var parts = query.split("&");
    for (var i = 0; i < parts.length; i++) {
      var at = parts[i].indexOf("=");
      if (at >= 0 && parts[i].slice(0, at) === name) return parts[i].slice(at + 1);
    }
    return null;
  }
  function unquote(text) {
    try {
      return decodeURIComponent(text);
    } catch (e) {
      return text;
    }
  }
  function looksLikeUrl(text) {
    text = visible(text);
    return SCHEME.test(text) || text.startsWith("//") || HOSTLIKE.test(text);
  }
  function identityFromUrl(url, platforms) {
    var text = visible(url);
    var scheme = SCHEME.exec(text);
    if (!scheme) text = (text.startsWith("//") ? "https:" : "https://") + text;
    else if (["http", "https"].indexOf(scheme[1].toLowerCase()) < 0) return { code: "scheme", host: "", domain: "" };
    var cut = text.indexOf("://");
    var parts = SPLIT.exec(text.slice(0, cut).toLowerCase() + text.slice(cut));
    if (!parts) return { code: "host", host: "", domain: "" };
    var authority = parts[1], rest = parts[2], host;
    if (authority.indexOf("@") >= 0) {
      host = authority.slice(authority.lastIndexOf("@") + 1).replace(PORT, "").toLowerCase();
      return { code: "userinfo", host: host, domain: HOST.test(host) ? (platformDomain(host, platforms) || lastLabels(host)) : host };
    }
    host = authority.replace(PORT, "").toLowerCase().replace(/\.+$/, "");
    if (rest.startsWith("\\") || !HOST.test(host)) return { code: "host", host: host, domain: "" };
    var domain = platformDomain(host, platforms);
    var noFragment = rest.split("#")[0];
    var q = noFragment.indexOf("?");
    var path = q >= 0 ? noFragment.slice(0, q) : noFragment;
    var after = q >= 0 ? noFragment.slice(q + 1) : "";
    for (var i = 0; i < platforms.length; i++) {
      if ((platforms[i].short_links || []).indexOf(host) >= 0) {
        return { code: "short-link", platform: platforms[i].id, host: host, domain: domain || host };
      }
    }
    var candidates = platforms.filter(function (p) { return domain && (p.domains || []).indexOf(domain) >= 0; });
    if (!candidates.length) return { code: "unknown-domain", host: host, domain: lastLabels(host) };
    for (var c = 0; c < candidates.length; c++) {
      var platform = candidates[c];
      var shapes = platform.urls || [];
      for (var s = 0; s < shapes.length; s++) {
        var shape = shapes[s];
        if (shape.hosts.indexOf(host) < 0) continue;
        var match = new RegExp(shape.path).exec(path);
        if (!match) continue;
        var raw = shape.query ? queryValue(after, shape.query) : match[1];
        if (!raw) continue;
        var value = unquote(raw);
        if (shape.carries === "handle") value = canonicalHandle(value, platform);
        return { code: "ok", platform: platform.id, kind: shape.carries, value: value, host: host, domain: domain };
      }
    }
    return { code: "not-account", platform: candidates[0].id, host: host, domain: domain };
  }
  function reason(found, platforms) {
    var p = platformById(platforms, found.platform);
    return REASONS[found.code]
      .replace("{host}", found.host)
      .replace("{domain}", found.domain || found.host)
      .replace("{platform}", p ? p.name : found.platform || "");
  }

  function accountsOf(index) {
    return index.accounts.map(function (row) {
      var record = {};
      index.fields.forEach(function (name, i) { record[name] = row[i]; });
      record.unit = index.units[record.unit];
      return record;
    });
  }
  function judge(hits) {
    var active = hits.some(function (a) { return a.status === "active"; });
    hits = hits.slice().sort(function (a, b) {
      var x = [a.status !== "active" ? 1 : 0, a.platform, a.id], y = [b.status !== "active" ? 1 : 0, b.platform, b.id];
      for (var i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i] < y[i] ? -1 : 1;
      return 0;
    });
    return { verdict: active ? "registered" : "ended", matches: hits, similar: [], reason: "" };
  }
  function similar(accounts, text, decorations) {
    var skel = skeleton(text);
    var cores = stripDecorations(skel, decorations);
    cores.add(skel);
    var ranked = [];
    accounts.forEach(function (a) {
      var name = a._nameSkel, handle = a._handleSkel, rank;
      if (skel === name || skel === handle) rank = 0;
      else if (cores.has(name)) rank = 1;
      else if (Array.from(name).length >= 2 && skel.indexOf(name) >= 0) rank = 2;
      else if (Array.from(skel).length >= 2 && name.indexOf(skel) >= 0) rank = 3;
      else return;
      ranked.push([rank, a.id, a]);
    });
    ranked.sort(function (x, y) { return x[0] - y[0] || (x[1] < y[1] ? -1 : x[1] > y[1] ? 1 : 0); });
    return ranked.slice(0, MAX_SIMILAR).map(function (r) { return r[2]; });
  }
  function prepare(index) {
    if (!index._accounts) {
      index._accounts = accountsOf(index);
      index._accounts.forEach(function (a) {
        a._name = canonicalName(a.name);
        a._nameSkel = skeleton(a.name);
        a._handleSkel = skeleton(a.handle);
      });
    }
    return index._accounts;
  }
  function verdict(query, index) {
    var platforms = index.platforms;
    var accounts = prepare(index);
    var text = visible(query);
    if (!text) return { verdict: "unknown", matches: [], similar: [], reason: "请输入账号名称、账号 ID 或链接" };
    if (looksLikeUrl(text)) {
      var found = identityFromUrl(text, platforms);
      var plain = text.indexOf("/") < 0 && text.indexOf("://") < 0;
      if (found.code === "ok") {
        var hits = accounts.filter(function (a) {
          return a.platform === found.platform &&
            (a.link === found.kind + ":" + found.value || (found.kind === "handle" && a.handle === found.value));
        });
        if (hits.length) return judge(hits);
        var p = platformById(platforms, found.platform);
        return {
          verdict: "unregistered", matches: [],
          similar: found.kind === "handle" ? similar(accounts, found.value, []) : [],
          reason: "名录中没有这个" + p.name + "账号",
        };
      }
      if (found.code === "short-link" || found.code === "not-account") {
        return { verdict: "unknown", matches: [], similar: [], reason: reason(found, platforms) };
      }
      if (!(found.code === "unknown-domain" && plain)) {
        return { verdict: "unregistered", matches: [], similar: [], reason: reason(found, platforms) };
      }
    }
    var lower = canonicalName(text);
    var matched = accounts.filter(function (a) {
      var platform = platformById(platforms, a.platform);
      var handleQuery = platform && platform.handle_case === "sensitive" ? text : lower;
      return a._name === lower || a.handle === handleQuery;
    });
    if (matched.length) return judge(matched);
    return { verdict: "unregistered", matches: [], similar: similar(accounts, text, index.decorations || []), reason: "名录中没有这个账号" };
  }

  // ------------------------------------------------------------ the page
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }
  function accountLine(a, index, base) {
    var p = platformById(index.platforms, a.platform);
    var li = el("li");
    var link = el("a", null, a.name + " · " + (p ? p.name : a.platform));
    link.href = base + encodeURIComponent(a.id) + "/";
    li.appendChild(link);
    var status = a.status === "active" ? "正常运行" : (a.status === "closed" ? "已关停" : "已注销");
    var when = a.status === "active" ? (a.opened ? "，" + a.opened + " 起" : "") : (a.ended ? "，" + a.ended : "");
    li.appendChild(document.createTextNode(
      "：" + (p ? p.handle_label : "账号 ID") + " " + a.handle + "，主办单位 " + a.unit + "，" + status + when
    ));
    return li;
  }
  function render(result, index, base) {
    var card = el("section", "govreg-card " + result.verdict);
    card.setAttribute("data-verdict", result.verdict);
    var title, lead;
    if (result.verdict === "registered") {
      title = "✓ 已登记";
      lead = "这是登记在册的政务新媒体账号。";
    } else if (result.verdict === "ended") {
      var closed = result.matches.every(function (a) { return a.status === "closed"; });
      title = closed ? "⚠ 已关停" : "⚠ 已注销";
      lead = "此账号已不再由政府运营，谨防冒用。";
    } else if (result.verdict === "unregistered") {
      title = "✗ 未登记";
      lead = "名录中没有这个账号，谨防仿冒。" + (result.reason && result.reason !== "名录中没有这个账号" ? result.reason + "。" : "");
    } else {
      title = "? 无法识别";
      lead = result.reason + "。";
    }
    card.appendChild(el("h2", null, title));
    card.appendChild(el("p", "govreg-lead", lead));
    if (result.matches.length) {
      var list = el("ul", "govreg-matches");
      result.matches.forEach(function (a) { list.appendChild(accountLine(a, index, base)); });
      card.appendChild(list);
    }
    var incidents = index.incidents || {};
    result.matches.forEach(function (a) {
      (incidents[a.id] || []).forEach(function (i) {
        var warn = el("div", "govreg-incident-warning");
        warn.setAttribute("role", "alert");
        warn.appendChild(el("strong", null, "⚠ 安全警示：此账号正在处置安全事件"));
        warn.appendChild(el("p", null, i.detected + " 发现" + i.kind + "：" + i.summary));
        warn.appendChild(el("p", null, "处置完毕前，以该账号名义发布的信息可能不代表主办单位；请以主办单位网站发布的信息为准。"));
        card.appendChild(warn);
      });
    });
    if (result.similar.length) {
      card.appendChild(el("p", null, "名称或账号 ID 相近的已登记账号："));
      var near = el("ul", "govreg-similar");
      result.similar.forEach(function (a) { near.appendChild(accountLine(a, index, base)); });
      card.appendChild(near);
    }
    return card;
  }

  function start() {
    var script = document.currentScript || document.querySelector("script[data-index]");
    var form = document.querySelector("form.govreg-verify");
    var box = document.getElementById("govreg-q");
    var out = document.getElementById("govreg-verdict");
    if (!script || !form || !box || !out) return;
    var base = script.getAttribute("data-accounts");
    var ready = Promise.all([
      fetch(script.getAttribute("data-index")).then(function (r) { return r.json(); }),
      fetch(script.getAttribute("data-confusables")).then(function (r) { return r.json(); }),
    ]).then(function (both) {
      confusables = both[1];
      prepare(both[0]);
      return both[0];
    });
    function show() {
      var query = box.value;
      ready.then(function (index) {
        out.replaceChildren();
        if (!visible(query)) return;
        out.appendChild(render(verdict(query, index), index, base));
        out.setAttribute("data-query", query);
      }, function () {
        out.replaceChildren(el("p", "govreg-error", "查验数据没有加载成功，请刷新页面再试；也可以在账号名录中查找。"));
      });
    }
    function remember(query) {
      var url = new URL(window.location.href);
      if (query) url.searchParams.set("q", query);
      else url.searchParams.delete("q");
      window.history.replaceState(null, "", url.toString());
    }
    var initial = new URLSearchParams(window.location.search).get("q");
    if (initial) {
      box.value = initial;
      // The theme opens its own full-text search for ?q= when it starts (after this script has run);
      // this page answers q itself, so q leaves the address until the theme has started, then comes back.
      remember("");
      window.addEventListener("load", function () { remember(box.value); });
    }
    box.addEventListener("input", function () {
      remember(box.value);
      show();
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      show();
    });
    ready.then(function () { document.documentElement.setAttribute("data-verify-ready", "1"); });
    show();
  }

  window.govregVerify = {
    visible: visible, canonicalHandle: canonicalHandle, canonicalName: canonicalName, skeleton: skeleton,
    identityFromUrl: identityFromUrl, looksLikeUrl: looksLikeUrl, verdict: verdict, reason: reason,
    setConfusables: function (table) { confusables = table; },
  };
  // The page loads this script without defer, after the box and before the theme's own script:
  // start at once, so that ?q= is handled here before the theme starts (see remember()).
  if (document.getElementById("govreg-q")) start();
  else document.addEventListener("DOMContentLoaded", start);
})();
