console.log('sroi');
