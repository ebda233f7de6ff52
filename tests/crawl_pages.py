"""Texts the tests share: what a crawler saves around an article instead of it (all written for these tests)."""

NOTICE = (
    "Tweet with a location you can add location information to your tweets, such as your city or precise "
    "location, from the web and via third-party applications. You always have the option to delete your tweet "
    "location history. Learn more"
)
CRAWL = (
    "Starting in 1996, alexa internet has been donating their crawl data to the internet archive. Flowing in "
    "every day, these data are added to the wayback machine after an embargo period."
)
LOGIN = "Notice you must log in to continue."
