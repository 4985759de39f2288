/* tier.c - tier and tier-status names. */
#include "tier.h"

#include <string.h>

static const struct {
	const char *key, *label, *shortl;
} tiers[TIER_COUNT] = {
    [TIER_NONE] = {"", "无", "无"},
    [TIER_CANDIDATE] = {"candidate", "储备企业", "储备"},
    [TIER_INNOVATIVE] = {"innovative", "创新型中小企业", "创新型"},
    [TIER_SRDI] = {"srdi", "专精特新中小企业", "专精特新"},
    [TIER_LITTLE_GIANT] = {"little_giant", "专精特新\"小巨人\"企业", "小巨人"},
    [TIER_CHAMPION] = {"champion", "隐形冠军企业", "隐形冠军"},
};

static const struct {
	const char *key, *label;
	bool holds;
} statuses[TS_COUNT] = {
    [TS_NONE] = {"", "", false},
    [TS_RECOGNIZED] = {"recognized", "认定", true},
    [TS_RENEWED] = {"renewed", "复核通过", true},
    [TS_EXPIRED] = {"expired", "到期", false},
    [TS_EXITED] = {"exited", "退出", false},
    [TS_REVOKED] = {"revoked", "撤销", false},
};

const char *tier_key(enum tier t)
{
	return (unsigned)t < TIER_COUNT ? tiers[t].key : "";
}

const char *tier_label(enum tier t)
{
	return (unsigned)t < TIER_COUNT ? tiers[t].label : "";
}

const char *tier_short(enum tier t)
{
	return (unsigned)t < TIER_COUNT ? tiers[t].shortl : "";
}

enum tier tier_parse(struct strv text)
{
	text = strv_trim(text);
	for (int t = TIER_CANDIDATE; t < TIER_COUNT; t++)
		if (strv_eq(text, tiers[t].key) || strv_eq(text, tiers[t].label) ||
		    strv_eq(text, tiers[t].shortl))
			return (enum tier)t;
	/* common spellings */
	if (strv_eq(text, "专精特新\"小巨人\"") || strv_eq(text, "专精特新小巨人") ||
	    strv_eq(text, "“小巨人”") || strv_eq(text, "小巨人企业"))
		return TIER_LITTLE_GIANT;
	if (strv_eq(text, "创新型中小企业") || strv_eq(text, "创新型企业"))
		return TIER_INNOVATIVE;
	if (strv_eq(text, "专精特新企业"))
		return TIER_SRDI;
	return TIER_NONE;
}

const char *tier_status_key(enum tier_status s)
{
	return (unsigned)s < TS_COUNT ? statuses[s].key : "";
}

const char *tier_status_label(enum tier_status s)
{
	return (unsigned)s < TS_COUNT ? statuses[s].label : "";
}

enum tier_status tier_status_parse(struct strv text)
{
	text = strv_trim(text);
	for (int s = TS_RECOGNIZED; s < TS_COUNT; s++)
		if (strv_eq(text, statuses[s].key) || strv_eq(text, statuses[s].label))
			return (enum tier_status)s;
	return TS_NONE;
}

bool tier_status_holds(enum tier_status s)
{
	return (unsigned)s < TS_COUNT && statuses[s].holds;
}
