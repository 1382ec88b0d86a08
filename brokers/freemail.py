"""The free-mail and forwarding domains whose senders are people, never companies."""

# Registrable domains (or, for relays living under a company domain, the exact host) of consumer
# mailboxes and address relays. A company reached through one of them cannot be told apart from a
# person, so matching refuses them outright, whatever the catalog says.
FREEMAIL_DOMAINS: frozenset[str] = frozenset(
    {
        # Google, Microsoft, Apple, Yahoo, AOL
        "gmail.com", "googlemail.com",
        "outlook.com", "hotmail.com", "live.com", "msn.com", "passport.com",
        "icloud.com", "me.com", "mac.com", "privaterelay.appleid.com",
        "yahoo.com", "ymail.com", "rocketmail.com", "aol.com", "aim.com", "verizon.net",
        # Privacy-focused mailboxes and relays
        "proton.me", "protonmail.com", "protonmail.ch", "pm.me", "passmail.net", "passinbox.com",
        "tutanota.com", "tutanota.de", "tuta.io", "tuta.com", "tutamail.com", "keemail.me",
        "duck.com", "mozmail.com", "simplelogin.com", "simplelogin.co", "slmail.me", "aleeas.com",
        "anonaddy.me", "anonaddy.com", "addy.io", "33mail.com", "hey.com",
        "fastmail.com", "fastmail.fm", "hushmail.com", "mailbox.org", "posteo.de", "posteo.net",
        "zohomail.com", "mail.com", "email.com", "gmx.com", "inbox.com", "lycos.com",
        # Germany, Austria, Switzerland
        "web.de", "t-online.de", "freenet.de", "arcor.de", "online.de", "vodafonemail.de",
        "bluewin.ch", "hispeed.ch", "sunrise.ch", "aon.at", "chello.at",
        # France, Belgium, Italy, Spain, Portugal, Netherlands
        "orange.fr", "wanadoo.fr", "free.fr", "laposte.net", "sfr.fr", "neuf.fr", "bbox.fr",
        "skynet.be", "telenet.be", "libero.it", "virgilio.it", "tiscali.it", "alice.it", "tin.it",
        "terra.es", "telefonica.net", "sapo.pt", "ziggo.nl", "kpnmail.nl", "planet.nl", "home.nl",
        # United Kingdom and Ireland
        "btinternet.com", "sky.com", "talktalk.net", "virginmedia.com", "ntlworld.com", "eircom.net",
        # Nordic, Central and Eastern Europe, Russia
        "seznam.cz", "centrum.cz", "wp.pl", "o2.pl", "onet.pl", "interia.pl", "op.pl",
        "mail.ru", "bk.ru", "list.ru", "inbox.ru", "internet.ru", "rambler.ru", "ya.ru", "ukr.net",
        "abv.bg", "freemail.hu", "citromail.hu", "azet.sk",
        # Americas, Asia, Oceania
        "comcast.net", "att.net", "sbcglobal.net", "bellsouth.net", "cox.net", "charter.net",
        "earthlink.net", "optonline.net", "juno.com", "netzero.net", "shaw.ca", "rogers.com",
        "sympatico.ca", "videotron.ca", "telus.net", "uol.com.br", "bol.com.br", "terra.com.br",
        "ig.com.br", "prodigy.net.mx", "qq.com", "163.com", "126.com", "yeah.net", "sina.com",
        "sohu.com", "aliyun.com", "naver.com", "hanmail.net", "daum.net", "rediffmail.com",
        "bigpond.com", "optusnet.com.au", "xtra.co.nz",
    }
)  # fmt: skip

# Brands that hand out mailboxes under many country domains (hotmail.de, yahoo.co.jp, gmx.at ...):
# the first label of the registrable domain decides, whatever the public suffix.
FREEMAIL_BRANDS: frozenset[str] = frozenset(
    {
        "gmail",
        "googlemail",
        "hotmail",
        "outlook",
        "live",
        "yahoo",
        "ymail",
        "aol",
        "gmx",
        "yandex",
        "windowslive",
    }
)
