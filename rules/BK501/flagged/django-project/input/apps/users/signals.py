from django.db.models.signals import post_save
from django.dispatch import receiver

from apps.users.models import User
from apps.users.services import welcome


@receiver(post_save, sender=User)
def on_created(sender, instance, created, **kwargs):
    if created:
        welcome(instance)
