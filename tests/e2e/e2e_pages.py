"""One page of every kind the site has, as built with directory URLs (for the e2e tests)."""

PAGE_KINDS = {
    "home": "index.html",
    "blog index": "blog/index.html",
    "post": "blog/how-to-contribute-an-article/index.html",
    "learn index": "learn/index.html",
    "learning path": "learn/paths/newcomer/index.html",
    "tutorial": "learn/tutorials/first-model/index.html",
    "review index": "reviews/index.html",
    "review": "reviews/mcunet/index.html",
    "hardware catalogue": "hardware/index.html",
    "device": "hardware/devices/raspberry-pi-pico/index.html",
    "branch": "hardware/branches/example-accra-makerspace/index.html",
    "fit matrix": "hardware/fit-matrix/index.html",
    "API reference": "framework/api/index.html",
    "contribute": "contribute/index.html",
    "study groups": "learn/study-groups/index.html",
}
