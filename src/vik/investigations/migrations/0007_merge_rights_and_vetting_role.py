# Merges the two 0006 migrations of parallel branches (the rights of the betrokkene; the vetting role).

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('investigations', '0006_rights_of_the_betrokkene'),
        ('investigations', '0006_role_vetting_choice'),
    ]

    operations = [
    ]
