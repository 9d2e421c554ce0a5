from wagtail import hooks


@hooks.register("register_volume_data")
def news_volume():
    from .volume import generate_news

    return [("actualités", generate_news, 90)]
