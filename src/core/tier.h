/* tier.h - the cultivation tiers (梯度) of the enterprise pool, and the
 * statuses a tier record can carry.
 *
 * 储备 candidate → 创新型中小企业 innovative → 专精特新中小企业 srdi →
 * 专精特新"小巨人" little_giant → 隐形冠军 champion (PRODUCT.md). */
#ifndef ZJTX_TIER_H
#define ZJTX_TIER_H

#include <stdbool.h>

#include "base/str.h"

enum tier {
	TIER_NONE = 0,
	TIER_CANDIDATE,
	TIER_INNOVATIVE,
	TIER_SRDI,
	TIER_LITTLE_GIANT,
	TIER_CHAMPION,
	TIER_COUNT
};

/* A tier history row is an immutable event: the firm's standing in one
 * tier from `since` (to `until`, if the status has a term). */
enum tier_status {
	TS_NONE = 0,
	TS_RECOGNIZED, /* 认定 / 入库 / 公告: holds the tier */
	TS_RENEWED,    /* 复核通过: holds the tier for a new term */
	TS_EXPIRED,    /* 到期未复核: no longer holds it */
	TS_EXITED,     /* 退出 (criteria not met, or on request) */
	TS_REVOKED,    /* 撤销 (accident, dishonesty, fraud): bars re-application 3 years */
	TS_COUNT
};

/* "candidate", "innovative", "srdi", "little_giant", "champion"; "" for NONE. */
const char *tier_key(enum tier t);
/* "储备企业", "创新型中小企业", "专精特新中小企业", "专精特新\"小巨人\"企业", "隐形冠军企业". */
const char *tier_label(enum tier t);
/* Short labels for tables: "储备", "创新型", "专精特新", "小巨人", "隐形冠军". */
const char *tier_short(enum tier t);
/* Parses a key, a label or a short label; TIER_NONE if unknown. */
enum tier tier_parse(struct strv text);

const char *tier_status_key(enum tier_status s);   /* "recognized", ... */
const char *tier_status_label(enum tier_status s); /* "认定", "复核通过", ... */
enum tier_status tier_status_parse(struct strv text);
/* True if a firm whose latest event in a tier has this status holds it. */
bool tier_status_holds(enum tier_status s);

#endif
