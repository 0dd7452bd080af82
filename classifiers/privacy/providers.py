"""Published formats of cloud and API credentials: a prefix the provider chose plus a fixed alphabet/length.

These are the families that secret scanners (gitleaks, detect-secrets, GitHub secret scanning,
CredSweeper) recognise; each pattern here is written from the provider's documented token format.
A prefix alone is never enough: the body must have the documented length and alphabet.
"""

from __future__ import annotations

import re

__all__ = ["PROVIDERS"]

_FORMATS: tuple[str, ...] = (
    # cloud platforms
    r"(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AIPA|ANPA|ANVA|AROA|APKA|ASCA)[A-Z0-9]{16}",  # AWS key ids
    r"amzn\.mws\.[0-9a-z]{8}-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{12}",  # Amazon MWS
    r"X-Amz-(?:Signature|Credential|Security-Token)=[^&\s'\"]{16,}",  # AWS pre-signed URL
    r"AIza[0-9A-Za-z_-]{35}",  # Google API key
    r"ya29\.[0-9A-Za-z_-]{20,}",  # Google OAuth access token
    r"GOCSPX-[0-9A-Za-z_-]{20,}",  # Google OAuth client secret
    r"1//0[0-9A-Za-z_-]{30,}",  # Google OAuth refresh token
    r"[0-9]+-[0-9a-z]{32}\.apps\.googleusercontent\.com",  # Google OAuth client id
    r"[\w~.-]{3}\dQ~[\w~.-]{31,34}",  # Azure AD client secret
    r"(?:do[opr])_v1_[a-f0-9]{64}",  # DigitalOcean
    r"LTAI[A-Za-z0-9]{12,20}",  # Alibaba Cloud AccessKey id
    r"AKID[A-Za-z0-9]{32}",  # Tencent Cloud SecretId
    r"HRKU-[A-Za-z0-9_-]{30,}",  # Heroku
    r"hv[sbr]\.[A-Za-z0-9_-]{24,}",  # HashiCorp Vault service, batch and recovery tokens
    r"[A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9_=-]{60,70}",  # HashiCorp Terraform Cloud
    r"t1\.[A-Za-z0-9_-]+={0,2}\.[A-Za-z0-9_-]{86}={0,2}",  # Yandex Cloud IAM token
    r"AQVN[A-Za-z0-9_-]{35,38}|YC[A-Za-z0-9_-]{38}",  # Yandex Cloud API key, static access key
    r"sig=[A-Za-z0-9%/+]{40,}={0,2}",  # Azure shared access signature (the sig= parameter)
    r"AAAA[A-Za-z0-9_-]{7}:APA91b[A-Za-z0-9_-]{100,}",  # Firebase Cloud Messaging server key
    r"pscale_(?:tkn|pw|oauth)_[A-Za-z0-9_=.-]{32,64}",  # PlanetScale
    r"dapi[a-f0-9]{32,}(?:-\d)?",  # Databricks
    r"dt0[a-zA-Z]\d{2}\.[A-Z0-9]{24}\.[A-Z0-9]{64}",  # Dynatrace
    r"NR(?:AK|JS|II|AA|IQ|RA|BR|SP)-[A-Za-z0-9_-]{15,}|[A-Za-z0-9]{36}NRAL",  # New Relic
    r"cf(?:at|ut|k)_[A-Za-z0-9]{40,}",  # Cloudflare
    r"vc[pikra]_[A-Za-z0-9]{24,}",  # Vercel
    r"sbp_(?:v0_)?[a-f0-9]{40}|sb_secret_[A-Za-z0-9_-]{20,}",  # Supabase
    r"dnkey-[A-Z0-9-]{40,}",  # Defined Networking
    r"pul-[a-f0-9]{40}",  # Pulumi
    r"dp\.(?:pt|st|sa|ct|scim|audit)\.[A-Za-z0-9_-]{30,}",  # Doppler
    r"cmVmdGtuO[A-Za-z0-9_-]{40,}|AKCp[A-Za-z0-9]{60,}",  # JFrog
    r"akab-[a-z0-9]{16}-[a-z0-9]{16}",  # Akamai
    r"sntr[ysu]_[A-Za-z0-9=+/_-]{30,}",  # Sentry
    r"fo1_[A-Za-z0-9_-]{40,}|FlyV1 fm[12]_[A-Za-z0-9+/=_-]{40,}",  # Fly.io
    # source hosting and packages
    r"gh[pousr]_[A-Za-z0-9_]{36,255}",  # GitHub
    r"github_pat_[A-Za-z0-9_]{22,255}",  # GitHub fine-grained
    r"gl(?:pat|dt|rtr?|ptt|ft|imt|agent|oas|soat|cbt|ffct|tst|wt|cdt|ct)-[A-Za-z0-9_.-]{20,}",  # GitLab
    r"_gitlab_session=[0-9a-z]{32}",  # GitLab session cookie
    r"GR1348941[A-Za-z0-9_-]{20}",  # GitLab runner registration
    r"ATATT3[A-Za-z0-9_=-]{50,}|ATCTT3[A-Za-z0-9_=-]{50,}",  # Atlassian / Bitbucket API tokens
    r"ATBB[A-Za-z0-9]{28,}",  # Bitbucket app password
    r"BBDC-[A-Za-z0-9+/]{40,}",  # Bitbucket Data Center HTTP token
    r"npm_[A-Za-z0-9]{36,}",  # npm
    r"pypi-AgE[A-Za-z0-9_-]{50,}",  # PyPI
    r"rubygems_[a-f0-9]{48,}",  # RubyGems
    r"oy2[a-z0-9]{43,}",  # NuGet
    r"CLOJARS_[a-z0-9]{60,}",  # Clojars
    r"dckr_pat_[A-Za-z0-9_-]{27,}",  # Docker Hub
    r"CCIPAT_[A-Za-z0-9_]{20,}",  # CircleCI
    r"figd_[A-Za-z0-9_-]{30,}",  # Figma
    r"glc_[A-Za-z0-9+/=_-]{32,}|glsa_[A-Za-z0-9_]{32,}|eyJrIjoi[A-Za-z0-9+/=_-]{30,}",  # Grafana
    r"lin_api_[A-Za-z0-9]{40,}",  # Linear
    r"PMAK-[a-f0-9]{24}-[a-f0-9]{34}",  # Postman
    r"CFPAT-[A-Za-z0-9_-]{40,}",  # Contentful
    r"pat[A-Za-z0-9]{14}\.[a-f0-9]{64}",  # Airtable
    r"cosmo_[a-f0-9]{32,}",  # WunderGraph
    r"(?:squ|sqp|sqa)_[a-f0-9]{40}",  # SonarQube
    r"sgp_(?:[a-fA-F0-9]{16}|local)_[a-fA-F0-9]{40}",  # Sourcegraph
    r"rdme_[a-z0-9]{70}",  # ReadMe
    r"pnu_[A-Za-z0-9]{36}",  # Prefect
    r"(?:api|sdk|mob)-[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}",  # LaunchDarkly
    r"ops_eyJ[A-Za-z0-9+/]{250,}={0,3}",  # 1Password service account
    r"A3-[A-Z0-9]{6}-(?:[A-Z0-9]{11}|[A-Z0-9]{6}-[A-Z0-9]{5})(?:-[A-Z0-9]{5}){3}",  # 1Password secret key
    r"ico-[A-Za-z0-9]{32}",  # Infracost
    r"tfp_[a-z0-9_.=-]{59}",  # Typeform
    r"ntn_[0-9]{11}[A-Za-z0-9]{32,35}",  # Notion
    r"API-(?=[A-Z]*\d[A-Z]*\d)[A-Z0-9]{26}",  # Octopus Deploy
    r"pat\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9]{24}\.[A-Za-z0-9]{20}",  # Harness
    # messaging and payments
    r"xox[abposre]-[A-Za-z0-9-]{10,}",  # Slack tokens
    r"xapp-\d-[A-Z0-9]+-\d+-[a-z0-9]+",  # Slack app token
    r"hooks\.slack\.com/(?:services|workflows|triggers)/[A-Za-z0-9/+_-]{20,}",  # Slack webhook
    r"xoxe\.xox[bp]-\d-[A-Z0-9]{100,}",  # Slack configuration token
    # Microsoft Teams incoming webhook (the URL is cut at its @ by the token scan: both halves)
    r"webhook\.office\.com/webhookb2/[0-9a-fA-F-]{36}|IncomingWebhook/[0-9a-f]{32}/[0-9a-f-]{36}",
    r"discord(?:app)?\.com/api/webhooks/\d+/[A-Za-z0-9_-]{30,}",  # Discord webhook
    r"[MNO][A-Za-z\d]{23,27}\.[\w-]{6}\.[\w-]{27,}",  # Discord bot token
    r"\d{8,10}:AA[0-9A-Za-z_-]{33}",  # Telegram bot token
    r"(?:SK|AC)[0-9a-fA-F]{32}",  # Twilio
    r"SG\.[A-Za-z0-9_-]{16,32}\.[A-Za-z0-9_-]{16,64}",  # SendGrid
    r"key-[0-9a-zA-Z]{32,}",  # Mailgun
    r"[0-9A-Za-z]{32}-us[0-9]{1,2}",  # Mailchimp
    r"xkeysib-[a-f0-9]{64}-[A-Za-z0-9]{16}|xsmtpsib-[a-f0-9]{64}-[A-Za-z0-9]{16}",  # Brevo
    r"(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9]{16,}|whsec_[A-Za-z0-9]{24,}",  # Stripe
    r"sq0(?:atp|csp|idp)-[A-Za-z0-9_-]{22,}|EAAA[A-Za-z0-9_-]{60}",  # Square
    r"shippo_(?:live|test)_[a-fA-F0-9]{40}",  # Shippo
    r"duffel_(?:test|live)_[A-Za-z0-9_=-]{43}",  # Duffel
    r"EZ[AT]K[A-Za-z0-9]{54}",  # EasyPost
    r"FLW(?:PUBK|SECK)_TEST-[a-hA-H0-9]{32}-X",  # Flutterwave
    r"fio-u-[A-Za-z0-9_=-]{64}",  # Frame.io
    r"p8e-[A-Za-z0-9]{32}",  # Adobe client secret
    r"access_token\$production\$[0-9a-z]{16}\$[0-9a-z]{32}",  # PayPal Braintree
    r"shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}",  # Shopify
    r"EAA[A-Z][A-Za-z0-9]{30,}",  # Facebook access token
    r"IGQV[A-Za-z0-9_-]{60,}",  # Instagram
    r"wx[a-f0-9]{16}",  # WeChat app id
    r"00D[A-Za-z0-9]{12,15}![A-Za-z0-9_.]{20,}"  # Salesforce session / org id with letters and digits
    r"|00D(?=[A-Za-z0-9]{12,15}\b)(?=[A-Za-z0-9]*\d[A-Za-z0-9]*[A-Z])[A-Za-z0-9]{12,15}",
    r"sl\.[A-Za-z0-9_-]{130,}|[A-Za-z0-9]{11}AAAAAAAAAA[A-Za-z0-9_-]{43}",  # Dropbox
    r"sk\.eyJ[A-Za-z0-9_-]{50,}\.[A-Za-z0-9_-]{20,}",  # Mapbox secret token
    # AI providers
    r"sk-ant-(?:api|admin)\d{2}-[A-Za-z0-9_-]{80,}",  # Anthropic
    # OpenAI and compatible: mixed case with digits, or 32+ hex digits (DeepSeek); not CSS classes (sk-toggle)
    r"sk-(?:proj-|svcacct-|admin-|None-)?(?:(?=[\w-]*\d)(?=[\w-]*[A-Z])[A-Za-z0-9_-]{20,}|[a-f0-9]{32,})",
    r"xai-[A-Za-z0-9]{40,}",  # xAI
    r"gsk_[A-Za-z0-9]{40,}",  # Groq
    r"pplx-[A-Za-z0-9]{40,}",  # Perplexity
    r"llx-[A-Za-z0-9_-]{30,}",  # LlamaCloud
    r"hf_[A-Za-z]{30,}",  # Hugging Face
    r"r8_[A-Za-z0-9]{37}",  # Replicate
    r"api_org_[A-Za-z]{30,}",  # Hugging Face organisation
    r"pcsk_[A-Za-z0-9_]{60,}",  # Pinecone
    r"lsv2_(?:pt|sk)_[a-f0-9]{32}_[a-f0-9]{10}",  # LangSmith
    # key material with a fixed envelope
    r"AGE-SECRET-KEY-1[0-9A-Z]{58,}",  # age
    r"S[UNACOPXAM][A-Z2-7]{54,56}",  # NATS nkey seed
)

PROVIDERS: re.Pattern[str] = re.compile(
    r"(?<![A-Za-z0-9_+-])(?:" + "|".join(f"(?:{f})" for f in _FORMATS) + r")(?![A-Za-z0-9_])"
)
